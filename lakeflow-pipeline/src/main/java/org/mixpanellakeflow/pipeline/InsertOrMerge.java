package org.mixpanellakeflow.pipeline;

import static org.apache.spark.sql.functions.expr;

import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the upsert and change-log writers land a micro-batch already reduced to rows that match at
 * most one stored row each: a plain append while the table is empty, a MERGE afterwards.
 *
 * <p>An empty table (a first sync) has no row any key could match, so the MERGE would insert every
 * row; the append does the same in one pass, without the MERGE's join, its copy of the source on
 * disk or its shuffle. Both are the batch's one commit ({@link BatchCommit}), so a replay of a
 * batch whose append committed is skipped by Delta even though the table is no longer empty and the
 * replay takes the MERGE path.
 *
 * <p>With {@link MergePruning#BY_SEQUENCE}, the reduced batch is first copied to local disk, its
 * sequence range read from the copy, and the range added to the MERGE condition so that Delta skips
 * the target files outside it; Delta's own copy of the source is then switched off, since the
 * source already is one.
 */
final class InsertOrMerge {

  private static final Logger LOG = LoggerFactory.getLogger(InsertOrMerge.class);

  /** A MERGE of {@code source} (alias {@code s}) into {@code target} (alias {@code t}). */
  interface Merge {
    void execute(DeltaTable target, Dataset<Row> source, Column condition);
  }

  private InsertOrMerge() {}

  /**
   * @param matchCondition the SQL condition under which a batch row and a stored row are the same
   */
  static void write(
      DeltaTarget target,
      MergeKeys keys,
      String matchCondition,
      MergePruning pruning,
      Dataset<Row> rows,
      BatchCommit commit,
      Merge merge) {
    if (target.isEmpty()) {
      commit.append(rows);
      return;
    }
    DeltaTable table = target.table(commit.session());
    if (pruning == MergePruning.NONE) {
      commit.merge(() -> merge.execute(table, rows, expr(matchCondition)));
      return;
    }
    try (DiskCopy copy = DiskCopy.of(rows)) {
      SequenceRange range = SequenceRange.of(copy.rows(), keys.sequence());
      LOG.info(
          "Batch {} of '{}' prunes its MERGE to sequences {}",
          commit.version(),
          target.name(),
          range);
      Column condition = expr(matchCondition).and(range.targetPredicate(keys.sequence()));
      commit.mergeWith(
          Map.of(DeltaSettings.MATERIALIZE_SOURCE, "none"),
          () -> merge.execute(table, copy.rows(), condition));
    }
  }
}
