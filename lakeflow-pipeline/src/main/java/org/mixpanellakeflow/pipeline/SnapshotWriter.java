package org.mixpanellakeflow.pipeline;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code snapshot}: the whole source table is read as one batch and the destination made equal to
 * it: new keys inserted, existing keys updated, keys gone from the source deleted. Repeating a run
 * gives the same table, which is what makes it exactly once without a checkpoint.
 *
 * <p>The source is read once, by the write, and counted as it is read ({@link RowCounter}); the
 * MERGE copies it to local disk for its two passes ({@link DeltaSettings#MATERIALIZE_SOURCE}).
 */
final class SnapshotWriter {

  private SnapshotWriter() {}

  static MicroBatches.Totals run(LakeflowSource source, TablePlan plan, DeltaTarget target) {
    Dataset<Row> read = source.readAll(plan.spec());
    RowCounter counter = RowCounter.start(read);
    Dataset<Row> snapshot = counter.counting(read);
    target.ensureExists(snapshot.schema());
    if (plan.primaryKeys().isEmpty()) {
      // without keys there is nothing to match on; replacing the content is the same result
      target.overwrite(snapshot);
    } else {
      MergeKeys keys = MergeKeys.require(plan, snapshot.schema());
      DeltaSettings.with(
          snapshot.sparkSession(),
          Map.of(DeltaSettings.MATERIALIZE_SOURCE, "auto"),
          () ->
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
                  .execute());
    }
    return new MicroBatches.Totals(counter.count(), 1);
  }
}
