package org.mixpanellakeflow.pipeline;

import java.util.Objects;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * A dataset computed once and kept on local disk, never in memory, for a write that needs more than
 * one pass over it; close it when the write is done. This is what Delta's MERGE does with its
 * source ({@link DeltaSettings#MATERIALIZE_SOURCE}): a local checkpoint, whose lineage is cut, so a
 * lost block fails the job instead of silently reading the connector again.
 */
final class DiskCopy implements AutoCloseable {

  private final Dataset<Row> rows;
  private final RDD<?> blocks;

  private DiskCopy(Dataset<Row> rows, RDD<?> blocks) {
    this.rows = Objects.requireNonNull(rows, "rows is null");
    this.blocks = Objects.requireNonNull(blocks, "blocks is null");
  }

  /** Computes {@code rows} now (one pass) and copies them to disk. */
  static DiskCopy of(Dataset<Row> rows) {
    Dataset<Row> copy = rows.localCheckpoint(true, StorageLevel.DISK_ONLY());
    // the checkpointed RDD is reachable only through the plan; Delta unpersists its copy this way
    LogicalRDD plan =
        (LogicalRDD) ((org.apache.spark.sql.classic.Dataset<Row>) copy).queryExecution().analyzed();
    return new DiskCopy(copy, plan.rdd());
  }

  Dataset<Row> rows() {
    return rows;
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }
}
