package org.mixpanellakeflow.pipeline;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;

/**
 * {@code cdc} and {@code cdc_with_deletes} as SCD type 2: every version of a key is a row, valid
 * from {@code __START_AT} (its sequence) until {@code __END_AT} (the next version's sequence, or
 * null while current). A delete closes the current row at the delete's sequence.
 *
 * <p>Each micro-batch is reduced to one row per (key, sequence) by {@link KeyVersions} and compared
 * with what the table stores for the key. A version is added when its sequence is newer than every
 * stored row of its key, or when it has the sequence of the key's current row but other tracked
 * content (all columns but the untracked ones and the two validity columns): a change that did not
 * move the cursor, such as an edit the source does not stamp. That correction becomes the current
 * row and the row it replaces is closed with {@code __END_AT = __START_AT}, an empty interval that
 * stays in the history for audits while "as of" queries ({@code __START_AT <= x AND (__END_AT > x
 * OR __END_AT IS NULL)}) see only the correction. Everything else is dropped: the same content
 * again (a replayed batch or a re-read), and versions older than the newest stored one, which SCD
 * type 2 cannot slot into the past. So each key keeps at most one current row and a replay is a
 * no-op.
 *
 * <p>The staged rows then go into one MERGE: "version" rows are inserted, and one "close" row per
 * key ends the key's current row where the batch's first added version starts.
 */
final class HistoryWriter {

  static final String START_AT = "__START_AT";
  static final String END_AT = "__END_AT";
  private static final String ACTION = "__lakeflow_action";
  private static final String VERSION = "version";
  private static final String CLOSE = "close";
  private static final String FIRST = "__lakeflow_first";
  private static final String STORED = "__lakeflow_stored";
  private static final String LAST_START = "__lakeflow_last_start";
  private static final String CURRENT_START = "__lakeflow_current_start";
  private static final String CURRENT_FINGERPRINT = "__lakeflow_current_fingerprint";
  private static final String KEY_PREFIX = "__lakeflow_key";

  private HistoryWriter() {}

  static MicroBatches.Totals run(LakeflowSource source, TablePlan plan, DeltaTarget target) {
    Dataset<Row> changes = source.streamChanges(plan.spec());
    StructType schema = changes.schema();
    MergeKeys keys = MergeKeys.require(plan, schema);
    for (String reserved : List.of(START_AT, END_AT)) {
      if (List.of(schema.fieldNames()).contains(reserved)) {
        throw new PipelineException(
            "Table '"
                + plan.sourceTable()
                + "' has a column named "
                + reserved
                + ", which SCD_TYPE_2 adds itself; use SCD_TYPE_1 for this table");
      }
    }
    DataType sequenceType =
        changes.select(keys.sequence().column()).schema().fields()[0].dataType();
    target.ensureExists(schema.add(START_AT, sequenceType).add(END_AT, sequenceType));
    KeyVersions versions = KeyVersions.of(plan, keys, schema).comparingColumnsIn(target.schema());
    MicroBatches.Totals totals =
        MicroBatches.runAvailableNow(
            changes,
            plan.checkpointPath(),
            plan,
            target,
            (batch, commit) ->
                commit.merge(() -> addVersions(target, keys, versions, batch, commit)));
    if (plan.ingestionType() != IngestionType.CDC_WITH_DELETES) {
      return totals;
    }
    Dataset<Row> deletes = source.streamDeletes(plan.spec());
    MergeKeys deleteKeys = MergeKeys.forDeletes(plan, deletes.schema());
    if (!deleteKeys.hasSequence()) {
      throw new PipelineException(
          "The delete records of table '"
              + plan.sourceTable()
              + "' carry no sequence column '"
              + plan.sequenceBy().orElseThrow()
              + "', which SCD_TYPE_2 needs to close rows; use SCD_TYPE_1");
    }
    MicroBatches.Totals closed =
        MicroBatches.runAvailableNow(
            deletes,
            plan.checkpointPath() + "/_deletes",
            plan,
            target,
            (batch, commit) -> commit.merge(() -> closeDeleted(target, deleteKeys, batch, commit)));
    return new MicroBatches.Totals(
        totals.rows() + closed.rows(), totals.batches() + closed.batches());
  }

  private static void addVersions(
      DeltaTarget target,
      MergeKeys keys,
      KeyVersions versions,
      Dataset<Row> batch,
      BatchCommit commit) {
    Column sequence = keys.sequence().column();
    WindowSpec byKey = Window.partitionBy(keys.columns()).orderBy(sequence);
    // each added version is a "version" row; the key's first added version is also a "close" row,
    // ending the stored current row where it starts. One pass over the batch makes both: a union
    // of two plans over the batch would read it (and the connector) twice
    Dataset<Row> staged =
        notYetStored(target, keys, versions, versions.onePerVersion(batch))
            .withColumn(START_AT, sequence)
            .withColumn(END_AT, lead(sequence, 1).over(byKey))
            .withColumn(FIRST, row_number().over(byKey).equalTo(1))
            .withColumn(
                ACTION,
                explode(
                    when(col(FIRST), array(lit(VERSION), lit(CLOSE)))
                        .otherwise(array(lit(VERSION)))))
            .drop(FIRST);
    // version rows never match: notYetStored already dropped every version the table has, and a
    // correction must be inserted beside the row it replaces, which has the same __START_AT
    target
        .table(commit.session())
        .as("t")
        .merge(
            staged.as("s"),
            keys.matchCondition()
                + " AND s."
                + ACTION
                + " = '"
                + CLOSE
                + "' AND t."
                + END_AT
                + " IS NULL AND t."
                + START_AT
                + " <= s."
                + START_AT)
        .whenMatched()
        .updateExpr(Map.of(END_AT, "s." + START_AT))
        .whenNotMatched("s." + ACTION + " = '" + VERSION + "'")
        // the staging column is not in the target, and without schema evolution INSERT * skips it
        .insertAll()
        .execute();
  }

  private static void closeDeleted(
      DeltaTarget target, MergeKeys keys, Dataset<Row> batch, BatchCommit commit) {
    String deletedAt = keys.sequence().sql("s");
    target
        .table(commit.session())
        .as("t")
        .merge(
            keys.latestPerKey(batch).as("s"),
            keys.matchCondition()
                + " AND t."
                + END_AT
                + " IS NULL AND t."
                + START_AT
                + " <= "
                + deletedAt)
        .whenMatched()
        .updateExpr(Map.of(END_AT, deletedAt))
        .execute();
  }

  /**
   * The versions of the batch to add: those of keys with no stored row, those newer than every
   * stored row of their key, and those with the sequence of their key's current row but other
   * tracked content.
   */
  private static Dataset<Row> notYetStored(
      DeltaTarget target, MergeKeys keys, KeyVersions versions, Dataset<Row> batch) {
    Column[] keyColumns = keys.columns();
    Column[] aliased = new Column[keyColumns.length];
    Column joined = lit(true);
    for (int i = 0; i < keyColumns.length; i++) {
      aliased[i] = keyColumns[i].as(KEY_PREFIX + i);
      joined = joined.and(keyColumns[i].eqNullSafe(col(KEY_PREFIX + i)));
    }
    Column current = col(END_AT).isNull();
    Dataset<Row> stored =
        target
            .table()
            .toDF()
            .groupBy(aliased)
            .agg(
                max(col(START_AT)).as(LAST_START),
                max(when(current, col(START_AT))).as(CURRENT_START),
                max(when(current, versions.fingerprint())).as(CURRENT_FINGERPRINT))
            .withColumn(STORED, lit(true));
    Column sequence = keys.sequence().column();
    Column fingerprint = col(KeyVersions.FINGERPRINT);
    Column correction =
        col(CURRENT_FINGERPRINT)
            .isNotNull()
            .and(sequence.eqNullSafe(col(CURRENT_START)))
            .and(fingerprint.notEqual(col(CURRENT_FINGERPRINT)));
    Dataset<Row> result =
        batch
            .withColumn(KeyVersions.FINGERPRINT, versions.fingerprint())
            .join(stored, joined, "left")
            .filter(col(STORED).isNull().or(sequence.gt(col(LAST_START))).or(correction))
            .drop(STORED, LAST_START, CURRENT_START, CURRENT_FINGERPRINT, KeyVersions.FINGERPRINT);
    for (int i = 0; i < keyColumns.length; i++) {
      result = result.drop(KEY_PREFIX + i);
    }
    return result;
  }
}
