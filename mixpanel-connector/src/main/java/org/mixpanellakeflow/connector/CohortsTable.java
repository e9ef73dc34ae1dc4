package org.mixpanellakeflow.connector;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableMetadata;

/** {@code cohorts}: the whole cohorts list, one request, a snapshot every sync. */
final class CohortsTable extends SnapshotTable {

  @Override
  public String name() {
    return MixpanelConnector.COHORTS;
  }

  @Override
  public StructType schema() {
    return MixpanelSchemas.COHORTS;
  }

  @Override
  public TableMetadata metadata() {
    return new TableMetadata(List.of("id"), null, IngestionType.SNAPSHOT);
  }

  @Override
  List<Map<String, Object>> snapshotPartitions(ReadContext context) {
    return List.of(Map.of("table", name()));
  }

  @Override
  public RecordIterator read(ReadContext context, Map<String, Object> partition) {
    return RecordIterator.of(
        CohortRecords.toRecords(context.client().listCohorts(), context.readTimeMillis()));
  }
}
