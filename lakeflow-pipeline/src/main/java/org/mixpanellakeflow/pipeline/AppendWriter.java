package org.mixpanellakeflow.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code append} (and any table with {@code scd_type} APPEND_ONLY): every record is appended.
 *
 * <p>A replayed micro-batch is skipped by Delta's idempotent writes: each append carries {@code
 * txnAppId}/{@code txnVersion} ({@link BatchCommit}), and Delta ignores a version it has already
 * committed for that app id. The app id includes the streaming query's id, which Spark keeps in the
 * checkpoint, so a new checkpoint (batch ids restarting at 0) is not mistaken for a replay.
 */
final class AppendWriter {

  private AppendWriter() {}

  static MicroBatches.Totals run(LakeflowSource source, TablePlan plan, DeltaTarget target) {
    Dataset<Row> records = source.streamChanges(plan.spec());
    target.ensureExists(records.schema());
    return MicroBatches.runAvailableNow(
        records, plan.checkpointPath(), plan, target, (batch, commit) -> commit.append(batch));
  }
}
