package org.mixpanellakeflow.connect.spark;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.Offsets;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batches of a connector with partitioned reads: the driver only plans offsets and
 * partitions; executors read.
 *
 * <p>The connector sizes batches itself (its own settings, window sizes); the option {@value
 * LakeflowDataSource#MAX_ROWS_PER_TRIGGER} makes the default read limit {@code maxRows}, which the
 * connector honours at its unit of reading, as it does any limit Spark passes. It also freezes its
 * own upper bound per instance, so {@link #prepareForTriggerAvailableNow()} only pins the instance
 * (see {@link StreamConnector}).
 */
final class PartitionedMicroBatchStream extends LakeflowMicroBatchStream {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionedMicroBatchStream.class);

  private final InitialOffsetStore initialOffsets;
  private final Long maxRowsPerTrigger;
  private LakeflowOffset initial;
  private Plan lastPlan;

  /**
   * @param metricNames the read metrics the scan declared
   * @param maxRowsPerTrigger the default read limit, or {@code null} for all available
   */
  PartitionedMicroBatchStream(
      ConnectorSpec spec,
      StructType schema,
      StreamConnector connector,
      InitialOffsetStore initialOffsets,
      String[] metricNames,
      Long maxRowsPerTrigger) {
    super(spec, schema, connector, metricNames);
    this.initialOffsets = Objects.requireNonNull(initialOffsets, "initialOffsets is null");
    this.maxRowsPerTrigger = maxRowsPerTrigger;
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    return maxRowsPerTrigger == null ? ReadLimit.allAvailable() : ReadLimit.maxRows(maxRowsPerTrigger);
  }

  @Override
  public Offset initialOffset() {
    if (initial == null) {
      initial =
          initialOffsets.readOrCreate(
              () ->
                  partitioned(connector.current()).initialOffset(spec.tableName(), spec.options()));
    }
    return initial;
  }

  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    LakeflowOffset from = (LakeflowOffset) start;
    SupportsPartitionedReads partitioned = partitioned(connector.forNextTrigger());
    List<Map<String, Object>> reported = reports.drain();
    if (!reported.isEmpty()) {
      LOG.debug("Table {}: {} partition reports since the last batch", spec.tableName(), reported.size());
      partitioned.partitionsReported(spec.tableName(), spec.options(), reported);
    }
    Map<String, Object> end =
        partitioned.latestOffset(spec.tableName(), spec.options(), from.value(), maxRows(limit));
    // a connector that has nothing new may answer null; Spark expects the start back
    LakeflowOffset latest = end == null ? from : new LakeflowOffset(end);
    LOG.debug("Latest offset of table {} from {}: {}", spec.tableName(), from, latest);
    return latest;
  }

  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    // Spark plans one batch several times (once per copy of its scan node); ask the connector once
    if (lastPlan != null && lastPlan.start().equals(start) && lastPlan.end().equals(end)) {
      return lastPlan.partitions();
    }
    Map<String, Object> from = ((LakeflowOffset) start).value();
    Map<String, Object> to = ((LakeflowOffset) end).value();
    List<Map<String, Object>> partitions =
        partitioned(connector.current()).getPartitions(spec.tableName(), spec.options(), from, to);
    LOG.info(
        "Planned {} partitions for table {} in ({}, {}]",
        partitions.size(),
        spec.tableName(),
        start,
        end);
    InputPartition[] planned =
        partitions.stream()
            .map(p -> new ConnectorPartition(spec, Offsets.toJson(p)))
            .toArray(InputPartition[]::new);
    lastPlan = new Plan(start, end, planned);
    return planned;
  }

  @Override
  public void commit(Offset end) {}

  @Override
  public void stop() {}

  private static SupportsPartitionedReads partitioned(LakeflowConnect connector) {
    return (SupportsPartitionedReads) connector;
  }

  private record Plan(Offset start, Offset end, InputPartition[] partitions) {}
}
