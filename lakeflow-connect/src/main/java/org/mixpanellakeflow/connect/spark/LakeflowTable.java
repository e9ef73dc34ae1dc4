package org.mixpanellakeflow.connect.spark;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.ReadMetric;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.mixpanellakeflow.connect.SupportsReadMetrics;
import org.mixpanellakeflow.connect.spark.SourceOptions.Flow;

/**
 * One table of a connector, or one reserved table (batch only). Scans are cheap to create; the
 * connector is built when a batch is planned or a stream starts, so each gets its own instance.
 */
final class LakeflowTable implements SupportsRead {

  private final String name;
  private final StructType schema;
  private final ConnectorSpec spec;
  private final ReservedTables reserved;
  private final Long maxRowsPerTrigger;

  private LakeflowTable(
      String name,
      StructType schema,
      ConnectorSpec spec,
      ReservedTables reserved,
      Long maxRowsPerTrigger) {
    this.name = Objects.requireNonNull(name, "name is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.spec = spec;
    this.reserved = reserved;
    this.maxRowsPerTrigger = maxRowsPerTrigger;
  }

  /**
   * @param maxRowsPerTrigger the streams' read limit, or {@code null} for none
   */
  static LakeflowTable connected(ConnectorSpec spec, StructType schema, Long maxRowsPerTrigger) {
    return new LakeflowTable(spec.tableName(), schema, spec, null, maxRowsPerTrigger);
  }

  static LakeflowTable reserved(String tableName, StructType schema, ReservedTables reserved) {
    return new LakeflowTable(tableName, schema, null, Objects.requireNonNull(reserved), null);
  }

  @Override
  public String name() {
    return spec == null ? name : spec.connectorName() + "." + name;
  }

  // deprecated in favour of columns(), but still the one method every Spark 3.5+ release reads
  @SuppressWarnings("deprecation")
  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return spec == null
        ? EnumSet.of(TableCapability.BATCH_READ)
        : EnumSet.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return Scanned::new;
  }

  private final class Scanned implements Scan {
    private Batch batch;
    private LakeflowConnect connector;
    private List<ReadMetric> metrics;

    @Override
    public StructType readSchema() {
      return schema;
    }

    /** The connector this scan plans with, built once. */
    private LakeflowConnect connector() {
      if (connector == null) {
        connector = spec.connect();
      }
      return connector;
    }

    /**
     * The connector's read metrics, when executors read its partitions: driver-side reads (other
     * connectors, delete flows, reserved tables) have no partition reader to count them.
     */
    private List<ReadMetric> metrics() {
      if (metrics == null) {
        metrics =
            spec != null
                    && spec.flow() == Flow.ROWS
                    && connector() instanceof SupportsPartitionedReads
                    && connector() instanceof SupportsReadMetrics withMetrics
                ? List.copyOf(withMetrics.readMetrics(spec.tableName()))
                : List.of();
      }
      return metrics;
    }

    private String[] metricNames() {
      return metrics().stream().map(ReadMetric::name).toArray(String[]::new);
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
      return LakeflowMetrics.declared(metrics());
    }

    @Override
    public String description() {
      return LakeflowDataSource.SHORT_NAME
          + "["
          + name()
          + (spec != null && spec.flow() == Flow.DELETES ? " deletes" : "")
          + "]";
    }

    @Override
    public Batch toBatch() {
      // Spark copies scan nodes while planning and calls toBatch on each copy; one Batch per
      // scan keeps a driver-side read from running once per copy
      if (batch == null) {
        batch =
            spec == null
                ? new ReservedBatch()
                : new LakeflowBatch(spec, schema, connector(), metricNames());
      }
      return batch;
    }

    @Override
    public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
      LakeflowConnect first = connector();
      StreamConnector streamConnector = new StreamConnector(spec, first);
      if (spec.flow() == Flow.ROWS && first instanceof SupportsPartitionedReads) {
        InitialOffsetStore store =
            new InitialOffsetStore(
                checkpointLocation, SparkSession.active().sessionState().newHadoopConf());
        return new PartitionedMicroBatchStream(
            spec, schema, streamConnector, store, metricNames(), maxRowsPerTrigger);
      }
      return new DriverMicroBatchStream(spec, schema, streamConnector);
    }
  }

  private final class ReservedBatch implements Batch {
    private InputPartition[] planned;

    @Override
    public InputPartition[] planInputPartitions() {
      if (planned == null) {
        planned = new InputPartition[] {RowsPartition.of(reserved.rows(name))};
      }
      return planned;
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
      return new LakeflowReaderFactory(name, schema, new String[0]);
    }
  }
}
