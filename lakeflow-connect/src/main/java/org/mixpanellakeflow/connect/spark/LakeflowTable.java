package org.mixpanellakeflow.connect.spark;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
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

  private LakeflowTable(
      String name, StructType schema, ConnectorSpec spec, ReservedTables reserved) {
    this.name = Objects.requireNonNull(name, "name is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
    this.spec = spec;
    this.reserved = reserved;
  }

  static LakeflowTable connected(ConnectorSpec spec, StructType schema) {
    return new LakeflowTable(spec.tableName(), schema, spec, null);
  }

  static LakeflowTable reserved(String tableName, StructType schema, ReservedTables reserved) {
    return new LakeflowTable(tableName, schema, null, Objects.requireNonNull(reserved));
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

    @Override
    public StructType readSchema() {
      return schema;
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
        batch = spec == null ? new ReservedBatch() : new LakeflowBatch(spec, schema);
      }
      return batch;
    }

    @Override
    public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
      LakeflowConnect connector = spec.connect();
      StreamConnector streamConnector = new StreamConnector(spec, connector);
      if (spec.flow() == Flow.ROWS && connector instanceof SupportsPartitionedReads) {
        InitialOffsetStore store =
            new InitialOffsetStore(
                checkpointLocation, SparkSession.active().sessionState().newHadoopConf());
        return new PartitionedMicroBatchStream(spec, schema, streamConnector, store);
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
      return new LakeflowReaderFactory(name, schema);
    }
  }
}
