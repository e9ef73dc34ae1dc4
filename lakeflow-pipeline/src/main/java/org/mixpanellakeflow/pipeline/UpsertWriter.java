package org.mixpanellakeflow.pipeline;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mixpanellakeflow.connect.IngestionType;

/**
 * {@code cdc} and {@code cdc_with_deletes} as SCD type 1: each micro-batch is reduced to the latest
 * row per key and merged, so the table holds the newest version of every key. A row whose sequence
 * equals the stored one replaces it too (an edit that did not move the cursor). When a batch holds
 * one version twice, {@link KeyVersions} picks the same row on a replay. While the table is empty
 * the reduced batch is appended instead ({@link InsertOrMerge}). Deletes run after the changes of
 * the same run and remove a key only if the delete is not older than the row.
 */
final class UpsertWriter {

  private UpsertWriter() {}

  static MicroBatches.Totals run(LakeflowSource source, TablePlan plan, DeltaTarget target) {
    Dataset<Row> changes = source.streamChanges(plan.spec());
    MergeKeys keys = MergeKeys.require(plan, changes.schema());
    KeyVersions versions = KeyVersions.of(plan, keys, changes.schema());
    target.ensureExists(changes.schema());
    MicroBatches.Totals totals =
        MicroBatches.runAvailableNow(
            changes,
            plan.checkpointPath(),
            plan,
            target,
            (batch, commit) ->
                InsertOrMerge.write(
                    target,
                    keys,
                    keys.matchCondition(),
                    plan.mergePruning(),
                    versions.latestPerKey(batch),
                    commit,
                    (table, rows, condition) -> upsert(keys, table, rows, condition)));
    if (plan.ingestionType() != IngestionType.CDC_WITH_DELETES) {
      return totals;
    }
    Dataset<Row> deletes = source.streamDeletes(plan.spec());
    MergeKeys deleteKeys = MergeKeys.forDeletes(plan, deletes.schema());
    MicroBatches.Totals deleted =
        MicroBatches.runAvailableNow(
            deletes,
            plan.checkpointPath() + "/_deletes",
            plan,
            target,
            (batch, commit) -> commit.merge(() -> delete(target, deleteKeys, batch, commit)));
    return new MicroBatches.Totals(
        totals.rows() + deleted.rows(), totals.batches() + deleted.batches());
  }

  private static void upsert(
      MergeKeys keys, DeltaTable table, Dataset<Row> latest, Column condition) {
    DeltaMergeBuilder merge = table.as("t").merge(latest.as("s"), condition).withSchemaEvolution();
    DeltaMergeBuilder updated =
        keys.sourceNotOlder().isPresent()
            ? merge.whenMatched(keys.sourceNotOlder().get()).updateAll()
            : merge.whenMatched().updateAll();
    updated.whenNotMatched().insertAll().execute();
  }

  private static void delete(
      DeltaTarget target, MergeKeys keys, Dataset<Row> batch, BatchCommit commit) {
    DeltaMergeBuilder merge =
        target
            .table(commit.session())
            .as("t")
            .merge(keys.latestPerKey(batch).as("s"), keys.matchCondition());
    // a delete older than the row it names lost the race with a later re-insert of that key
    (keys.sourceNotOlder().isPresent()
            ? merge.whenMatched(keys.sourceNotOlder().get())
            : merge.whenMatched())
        .delete()
        .execute();
  }
}
