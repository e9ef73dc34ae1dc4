package org.mixpanellakeflow.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code cdc} and {@code cdc_with_deletes} with {@code scd_type} APPEND_ONLY: an append-only change
 * log holding one row per key and version, i.e. per (primary keys, sequence).
 *
 * <p>A change feed re-reads versions by design (late-event catch-up, a lookback margin, a full
 * refresh), so appending every record would pile up copies. Each micro-batch is reduced to one row
 * per version by {@link KeyVersions} and inserted by a MERGE only where the table has no row with
 * that key and sequence yet; while the table is empty it is appended instead ({@link
 * InsertOrMerge}). Existing rows are never updated or deleted: the first content stored for a
 * version stays, even if a re-read brings other content with the same sequence. Delete records are
 * not read. A replayed batch finds all its versions stored and inserts nothing, and one whose
 * commit is recorded is skipped by Delta.
 */
final class ChangeLogWriter {

  private ChangeLogWriter() {}

  static MicroBatches.Totals run(LakeflowSource source, TablePlan plan, DeltaTarget target) {
    Dataset<Row> changes = source.streamChanges(plan.spec());
    MergeKeys keys = MergeKeys.require(plan, changes.schema());
    KeyVersions versions = KeyVersions.of(plan, keys, changes.schema());
    target.ensureExists(changes.schema());
    return MicroBatches.runAvailableNow(
        changes,
        plan.checkpointPath(),
        plan,
        target,
        (batch, commit) ->
            InsertOrMerge.write(
                target,
                keys,
                keys.versionMatchCondition(),
                plan.mergePruning(),
                versions.onePerVersion(batch),
                commit,
                // insert-only: Delta reads the source once and does not copy it
                (table, rows, condition) ->
                    table
                        .as("t")
                        .merge(rows.as("s"), condition)
                        .withSchemaEvolution()
                        .whenNotMatched()
                        .insertAll()
                        .execute()));
  }
}
