package org.mixpanellakeflow.connector;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.client.ApiFamily;
import org.mixpanellakeflow.client.MixpanelClient;
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
    return new TableMetadata(List.of("id"), null, IngestionType.SNAPSHOT)
        .withUntrackedColumns(List.of(MixpanelSchemas.GENERATED_TIMESTAMP));
  }

  @Override
  List<Map<String, Object>> snapshotPartitions(ReadContext context) {
    return BudgetPlan.assign(
        List.of(Map.of("table", name())),
        context.budget(ApiFamily.QUERY),
        context.ledger(ApiFamily.QUERY, RequestLedger.EMPTY));
  }

  @Override
  public RecordIterator read(ReadContext context, Map<String, Object> partition) {
    try (MixpanelClient client = context.clientFor(partition, ApiFamily.QUERY)) {
      List<Map<String, Object>> records =
          CohortRecords.toRecords(client.listCohorts(), context.readTimeMillis());
      Map<String, Object> report = ProfileRecords.queryReport(client);
      Map<String, Long> metrics = ReadMetrics.of(client);
      RecordIterator iterator = RecordIterator.of(records);
      return new RecordIterator() {
        @Override
        public boolean hasNext() {
          return iterator.hasNext();
        }

        @Override
        public Map<String, Object> next() {
          return iterator.next();
        }

        @Override
        public void close() {}

        @Override
        public Map<String, Object> report() {
          return report;
        }

        @Override
        public Map<String, Long> metrics() {
          return metrics;
        }
      };
    }
  }
}
