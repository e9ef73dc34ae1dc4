package org.mixpanellakeflow.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code snapshot}: the whole source table is read as one batch and the destination made equal to
 * it: new keys inserted, existing keys updated, keys gone from the source deleted. Repeating a run
 * gives the same table, which is what makes it exactly once without a checkpoint.
 */
final class SnapshotWriter {

  private SnapshotWriter() {}

  static MicroBatches.Totals run(LakeflowSource source, TablePlan plan, DeltaTarget target) {
    Dataset<Row> snapshot = source.readAll(plan.spec()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rows = snapshot.count();
      target.ensureExists(snapshot.schema());
      if (plan.primaryKeys().isEmpty()) {
        // without keys there is nothing to match on; replacing the content is the same result
        snapshot.write().format("delta").mode("overwrite").save(target.path());
      } else {
        MergeKeys keys = MergeKeys.require(plan, snapshot.schema());
        target
            .table()
            .as("t")
            .merge(keys.latestPerKey(snapshot).as("s"), keys.matchCondition())
            .withSchemaEvolution()
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll()
            .whenNotMatchedBySource()
            .delete()
            .execute();
      }
      return new MicroBatches.Totals(rows, 1);
    } finally {
      snapshot.unpersist();
    }
  }
}
