package org.mixpanellakeflow.connect.spark;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.Offsets;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.mixpanellakeflow.connect.spark.SourceOptions.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch read of a whole table: spread over executors when the connector supports partitioned
 * reads, otherwise read on the driver (see {@link DriverReads}).
 */
final class LakeflowBatch implements Batch {

  private static final Logger LOG = LoggerFactory.getLogger(LakeflowBatch.class);

  private final ConnectorSpec spec;
  private final StructType schema;
  private final LakeflowConnect connector;
  private final String[] metricNames;
  private InputPartition[] planned;

  /**
   * @param connector the driver's connector instance, which plans the read
   * @param metricNames the read metrics the scan declared
   */
  LakeflowBatch(
      ConnectorSpec spec, StructType schema, LakeflowConnect connector, String[] metricNames) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.connector = Objects.requireNonNull(connector, "connector is null");
    this.metricNames = metricNames.clone();
  }

  @Override
  public InputPartition[] planInputPartitions() {
    // planned once per scan: the driver fallback reads the data here, and must not read it twice
    if (planned == null) {
      planned = plan();
    }
    return planned;
  }

  private InputPartition[] plan() {
    if (spec.flow() == Flow.ROWS && connector instanceof SupportsPartitionedReads partitioned) {
      List<Map<String, Object>> partitions =
          partitioned.getPartitions(spec.tableName(), spec.options(), null, null);
      LOG.info("Planned {} partitions for table {}", partitions.size(), spec.tableName());
      return partitions.stream()
          .map(p -> new ConnectorPartition(spec, Offsets.toJson(p)))
          .toArray(InputPartition[]::new);
    }
    RecordConverter converter = new RecordConverter(spec.tableName(), schema);
    return new InputPartition[] {RowsPartition.of(DriverReads.readAll(connector, spec, converter))};
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new LakeflowReaderFactory(spec.tableName(), schema, metricNames);
  }
}
