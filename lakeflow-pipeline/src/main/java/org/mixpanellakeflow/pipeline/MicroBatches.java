package org.mixpanellakeflow.pipeline;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stream to the end of what is available now, handing each micro-batch to a writer.
 *
 * <p>Exactly once rests on Spark's ordering: a batch's offsets are logged before it runs and
 * committed only after {@code foreachBatch} returns, so a crash replays the batch with the same
 * offsets, and every writer here is idempotent for a replayed batch.
 *
 * <p>A batch is neither cached nor counted up front: the writer's own write is the only pass over
 * it, and its rows are counted as that write reads them ({@link RowCounter}). Nothing here holds a
 * batch in memory; what a write holds is Delta's business (a MERGE copies its source to local disk,
 * not memory).
 */
final class MicroBatches {

  private static final Logger LOG = LoggerFactory.getLogger(MicroBatches.class);

  /** Spark sets this local property on the thread running a stream's batches. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  /**
   * Writes one micro-batch, reading {@code batch} once. Its single Delta commit goes through {@code
   * commit}, which makes a replay of a committed batch a no-op; a writer may add its own
   * idempotence on top.
   */
  interface BatchWriter {
    void write(Dataset<Row> batch, BatchCommit commit);
  }

  record Totals(long rows, long batches) {}

  private MicroBatches() {}

  /**
   * @param plan names the table and its destination in the batches' Delta transaction ids
   * @param target the table every batch commits to
   */
  static Totals runAvailableNow(
      Dataset<Row> stream,
      String checkpoint,
      TablePlan plan,
      DeltaTarget target,
      BatchWriter writer) {
    AtomicLong rows = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) -> {
          long count = 0;
          // a batch without partitions has no rows, and skipping it saves an empty Delta commit;
          // planning partitions reads no records
          if (batch.javaRDD().getNumPartitions() > 0) {
            SparkSession session = batch.sparkSession();
            String queryId = session.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
            BatchCommit commit =
                new BatchCommit(
                    session, target, BatchCommit.appId(plan.destination(), queryId), batchId);
            if (commit.isRecorded()) {
              // Delta would skip the write, which would then read nothing; the batch still counts
              LOG.info("Batch {} of '{}' is already in the table", batchId, plan.destination());
              count = batch.count();
            } else {
              RowCounter counter = RowCounter.start(batch);
              writer.write(counter.counting(batch), commit);
              count = counter.count();
            }
          }
          LOG.info("Wrote batch {} of '{}': {} rows read", batchId, plan.destination(), count);
          rows.addAndGet(count);
          batches.incrementAndGet();
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
