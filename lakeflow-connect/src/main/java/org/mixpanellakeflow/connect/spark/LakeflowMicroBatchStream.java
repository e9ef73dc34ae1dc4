package org.mixpanellakeflow.connect.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.CompositeReadLimit;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadMaxRows;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.SupportsReadMetrics;

/**
 * What both micro-batch streams share: JSON offsets, the reader factory, admission control and
 * progress metrics. {@link #prepareForTriggerAvailableNow()} pins one connector instance for the
 * run, so its frozen "now" lets the run end (see {@link StreamConnector}).
 *
 * <p>Progress metrics ({@code StreamingQueryProgress.sources[].metrics}) hold the running totals
 * of the connector's read metrics since the stream started, as partition readers sent them back,
 * and the connector's own view of where the stream stands ({@link
 * SupportsReadMetrics#progressMetrics}).
 */
abstract class LakeflowMicroBatchStream
    implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {

  final ConnectorSpec spec;
  final StructType schema;
  final StreamConnector connector;
  final PartitionReports reports = new PartitionReports();
  private final String[] metricNames;

  LakeflowMicroBatchStream(
      ConnectorSpec spec, StructType schema, StreamConnector connector, String[] metricNames) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.connector = Objects.requireNonNull(connector, "connector is null");
    this.metricNames = metricNames.clone();
  }

  @Override
  public final Offset latestOffset() {
    throw new UnsupportedOperationException(
        "latestOffset() without a start is not used: this stream supports admission control");
  }

  /** All available, unless a subclass honours {@code maxRowsPerTrigger}. */
  @Override
  public ReadLimit getDefaultReadLimit() {
    return ReadLimit.allAvailable();
  }

  @Override
  public final PartitionReaderFactory createReaderFactory() {
    return new LakeflowReaderFactory(
        spec.tableName(), schema, metricNames, reports.newChannel(spec.tableName()));
  }

  @Override
  public final void prepareForTriggerAvailableNow() {
    connector.pin();
  }

  @Override
  public final Offset deserializeOffset(String json) {
    return LakeflowOffset.fromJson(json);
  }

  @Override
  public final Map<String, String> metrics(Optional<Offset> latestConsumedOffset) {
    Map<String, String> metrics = new LinkedHashMap<>();
    reports.metricTotals().forEach((name, total) -> metrics.put(name, Long.toString(total)));
    LakeflowConnect current = connector.current();
    if (current instanceof SupportsReadMetrics withMetrics) {
      Map<String, Object> consumed =
          latestConsumedOffset
              .map(o -> LakeflowOffset.fromJson(o.json()).connectorStart())
              .orElse(null);
      metrics.putAll(withMetrics.progressMetrics(spec.tableName(), spec.options(), consumed));
    }
    return metrics;
  }

  /**
   * The most rows a batch may read under {@code limit}: its {@code maxRows}, the smallest of those
   * in a composite limit, or {@link Long#MAX_VALUE} when it sets none. A minimum ({@code
   * minRows}) cannot be honoured by a source that reads by day and is read as no limit.
   */
  static long maxRows(ReadLimit limit) {
    if (limit instanceof ReadMaxRows max) {
      return max.maxRows();
    }
    if (limit instanceof CompositeReadLimit all) {
      long smallest = Long.MAX_VALUE;
      for (ReadLimit part : all.getReadLimits()) {
        smallest = Math.min(smallest, maxRows(part));
      }
      return smallest;
    }
    return Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + spec.connectorName() + "." + spec.tableName() + "]";
  }
}
