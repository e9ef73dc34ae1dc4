package org.mixpanellakeflow.connect.spark;

import java.util.Objects;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.apache.spark.sql.types.StructType;

/**
 * What both micro-batch streams share: JSON offsets, the reader factory, and admission control
 * without a Spark-side limit, because connectors size their batches themselves. {@link
 * #prepareForTriggerAvailableNow()} pins one connector instance for the run, so its frozen "now"
 * lets the run end (see {@link StreamConnector}).
 */
abstract class LakeflowMicroBatchStream implements MicroBatchStream, SupportsTriggerAvailableNow {

  final ConnectorSpec spec;
  final StructType schema;
  final StreamConnector connector;
  final PartitionReports reports = new PartitionReports();

  LakeflowMicroBatchStream(ConnectorSpec spec, StructType schema, StreamConnector connector) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.connector = Objects.requireNonNull(connector, "connector is null");
  }

  @Override
  public final Offset latestOffset() {
    throw new UnsupportedOperationException(
        "latestOffset() without a start is not used: this stream supports admission control");
  }

  @Override
  public final ReadLimit getDefaultReadLimit() {
    return ReadLimit.allAvailable();
  }

  @Override
  public final PartitionReaderFactory createReaderFactory() {
    return new LakeflowReaderFactory(spec.tableName(), schema, reports.newChannel(spec.tableName()));
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
  public String toString() {
    return getClass().getSimpleName() + "[" + spec.connectorName() + "." + spec.tableName() + "]";
  }
}
