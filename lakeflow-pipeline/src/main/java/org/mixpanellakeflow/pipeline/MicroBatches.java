package org.mixpanellakeflow.pipeline;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs a stream to the end of what is available now, handing each micro-batch to a writer.
 *
 * <p>Exactly once rests on Spark's ordering: a batch's offsets are logged before it runs and
 * committed only after {@code foreachBatch} returns, so a crash replays the batch with the same
 * offsets, and every writer here is idempotent for a replayed batch.
 */
final class MicroBatches {

  /** Writes one non-empty micro-batch; must be idempotent for the same {@code batchId}. */
  interface BatchWriter {
    void write(Dataset<Row> batch, long batchId);
  }

  record Totals(long rows, long batches) {}

  private MicroBatches() {}

  static Totals runAvailableNow(Dataset<Row> stream, String checkpoint, BatchWriter writer) {
    AtomicLong rows = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) -> {
          // cached because the batch is counted and then written: without it the connector
          // would be read twice
          Dataset<Row> cached = batch.persist(StorageLevel.MEMORY_AND_DISK());
          try {
            long count = cached.count();
            if (count > 0) {
              writer.write(cached, batchId);
            }
            rows.addAndGet(count);
            batches.incrementAndGet();
          } finally {
            cached.unpersist();
          }
        };
    StreamingQuery query;
    try {
      query =
          stream
              .writeStream()
              .option("checkpointLocation", checkpoint)
              .trigger(Trigger.AvailableNow())
              .foreachBatch(perBatch)
              .start();
    } catch (TimeoutException e) {
      throw new PipelineException(
          "Timed out starting the stream checkpointed at '" + checkpoint + "'", e);
    }
    try {
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      throw new PipelineException(
          "Stream checkpointed at '" + checkpoint + "' stopped: " + rootMessage(e), e);
    }
    return new Totals(rows.get(), batches.get());
  }

  /** The innermost cause's type and message: the part of a Spark failure that names the problem. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
