package org.mixpanellakeflow.connect.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.TableRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batches read on the driver through {@code readTable} (or {@code readTableDeletes} for a
 * delete flow): the fallback for connectors without partitioned reads, suited to small tables.
 *
 * <p>Finding the end of a batch means reading it, so {@link #latestOffset(Offset, ReadLimit)} keeps
 * the rows of the (start, end) pair it read until that batch commits, and {@link
 * #planInputPartitions} ships them in one partition. A batch planned after a restart (when Spark
 * replays an uncommitted batch) is read again from its start; the contract requires the same
 * records for the same start offset. Reading decides the batch, so no read limit applies.
 */
final class DriverMicroBatchStream extends LakeflowMicroBatchStream {

  private static final Logger LOG = LoggerFactory.getLogger(DriverMicroBatchStream.class);

  private final RecordConverter converter;
  private PendingBatch pending;

  DriverMicroBatchStream(ConnectorSpec spec, StructType schema, StreamConnector connector) {
    super(spec, schema, connector, new String[0]);
    this.converter = new RecordConverter(spec.tableName(), schema);
  }

  @Override
  public Offset initialOffset() {
    return LakeflowOffset.START;
  }

  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    LakeflowOffset from = (LakeflowOffset) start;
    PendingBatch read = read(connector.forNextTrigger(), from);
    if (read.end().equals(from)) {
      pending = null;
      return from;
    }
    pending = read;
    return read.end();
  }

  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    // Spark plans one batch several times (once per copy of its scan node), so the rows stay
    // here until the next batch replaces them
    PendingBatch batch = pending;
    if (batch == null || !batch.start().equals(start) || !batch.end().equals(end)) {
      batch = read(connector.current(), (LakeflowOffset) start);
      if (!batch.end().equals(end)) {
        throw new LakeflowException(
            "Cannot replay the batch of table '"
                + spec.tableName()
                + "' from offset "
                + start
                + ": the connector now ends it at "
                + batch.end()
                + " instead of "
                + end
                + "; a connector without partitioned reads must return the same records for the"
                + " same start offset");
      }
      pending = batch;
    }
    return new InputPartition[] {batch.partition()};
  }

  private PendingBatch read(LakeflowConnect source, LakeflowOffset start) {
    TableRead read = DriverReads.read(source, spec, start.connectorStart());
    List<InternalRow> rows = new ArrayList<>();
    DriverReads.collect(read.records(), converter, rows);
    Map<String, Object> end = read.endOffset();
    if (end == null) {
      throw new LakeflowException(
          "Cannot stream table '"
              + spec.tableName()
              + "': the connector returned no end offset, as snapshot tables do; read it with"
              + " spark.read (batch) instead of spark.readStream");
    }
    LOG.info(
        "Read {} records of table {} ({}) on the driver from {}",
        rows.size(),
        spec.tableName(),
        spec.flow(),
        start);
    return new PendingBatch(start, new LakeflowOffset(end), RowsPartition.of(rows));
  }

  @Override
  public void commit(Offset end) {
    if (pending != null && pending.end().equals(end)) {
      pending = null;
    }
  }

  @Override
  public void stop() {
    pending = null;
  }

  private record PendingBatch(LakeflowOffset start, LakeflowOffset end, RowsPartition partition) {}
}
