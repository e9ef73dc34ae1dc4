package org.mixpanellakeflow.connect.spark;

import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.Offsets;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates readers on executors for both kinds of partition. */
final class LakeflowReaderFactory implements PartitionReaderFactory {

  private final String tableName;
  private final StructType schema;

  LakeflowReaderFactory(String tableName, StructType schema) {
    this.tableName = Objects.requireNonNull(tableName, "tableName is null");
    this.schema = Objects.requireNonNull(schema, "schema is null");
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    if (partition instanceof RowsPartition rows) {
      return new RowsReader(rows.rows());
    }
    if (partition instanceof ConnectorPartition connector) {
      return new ConnectorReader(connector, new RecordConverter(tableName, schema));
    }
    throw new IllegalArgumentException("Unexpected input partition " + partition);
  }

  private static final class RowsReader implements PartitionReader<InternalRow> {
    private final InternalRow[] rows;
    private int next = -1;

    RowsReader(InternalRow[] rows) {
      this.rows = rows;
    }

    @Override
    public boolean next() {
      next++;
      return next < rows.length;
    }

    @Override
    public InternalRow get() {
      return rows[next];
    }

    @Override
    public void close() {}
  }

  /** Reads one connector partition; the connector is built here, on the executor. */
  private static final class ConnectorReader implements PartitionReader<InternalRow> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorReader.class);

    private final ConnectorPartition partition;
    private final RecordConverter converter;
    private RecordIterator records;
    private InternalRow current;
    private long count;

    ConnectorReader(ConnectorPartition partition, RecordConverter converter) {
      this.partition = partition;
      this.converter = converter;
    }

    @Override
    public boolean next() {
      if (records == null) {
        records = open();
      }
      if (!records.hasNext()) {
        return false;
      }
      current = converter.convert(records.next());
      count++;
      return true;
    }

    private RecordIterator open() {
      ConnectorSpec spec = partition.spec();
      LakeflowConnect connector = spec.connect();
      if (!(connector instanceof SupportsPartitionedReads partitioned)) {
        throw new LakeflowException(
            "Connector '"
                + spec.connectorName()
                + "' planned partitions on the driver but its executor-side instance does not"
                + " implement SupportsPartitionedReads; check that driver and executors load the"
                + " same connector jar");
      }
      Map<String, Object> descriptor = Offsets.fromJson(partition.descriptorJson());
      LOG.debug("Reading partition {} of table {}", partition.descriptorJson(), spec.tableName());
      return partitioned.readPartition(spec.tableName(), descriptor, spec.options());
    }

    @Override
    public InternalRow get() {
      return current;
    }

    @Override
    public void close() {
      if (records != null) {
        records.close();
        LOG.info(
            "Read {} records of table {} partition {}",
            count,
            partition.spec().tableName(),
            partition.descriptorJson());
      }
    }
  }
}
