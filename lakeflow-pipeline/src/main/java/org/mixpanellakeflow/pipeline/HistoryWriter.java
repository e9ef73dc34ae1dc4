package org.mixpanellakeflow.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;

/**
 * {@code cdc} and {@code cdc_with_deletes} as SCD type 2: every version of a key is a row, valid
 * from {@code __START_AT} (its sequence) until {@code __END_AT} (the next version's sequence, or
 * null while current). A delete closes the current row at the delete's sequence.
 *
 * <p>Each micro-batch is one MERGE of staged rows: "version" rows inserted where new, and one
 * "close" row per key ending the key's current row where the batch's first version starts. Versions
 * not newer than the newest one already stored for their key are dropped, which keeps at most one
 * current row per key and makes a replayed batch a no-op. The price: a version that arrives after a
 * newer one of its key is not added to the history.
 */
final class HistoryWriter {

  static final String START_AT = "__START_AT";
  static final String END_AT = "__END_AT";
  private static final String ACTION = "__lakeflow_action";
  private static final String LAST_START = "__lakeflow_last_start";
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
    MicroBatches.Totals totals =
        MicroBatches.runAvailableNow(
            changes, plan.checkpointPath(), (batch, batchId) -> addVersions(target, keys, batch));
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
            (batch, batchId) -> closeDeleted(target, deleteKeys, batch));
    return new MicroBatches.Totals(
        totals.rows() + closed.rows(), totals.batches() + closed.batches());
  }

  private static void addVersions(DeltaTarget target, MergeKeys keys, Dataset<Row> batch) {
    Column[] keyColumns = keys.columns();
    Column sequence = keys.sequence().column();
    Dataset<Row> versions =
        newerThanStored(target, keys, distinctVersions(batch, keys))
            .withColumn(START_AT, sequence)
            .withColumn(
                END_AT, lead(sequence, 1).over(Window.partitionBy(keyColumns).orderBy(sequence)))
            .withColumn(ACTION, lit("version"));
    Dataset<Row> closes =
        versions
            .withColumn(
                "__lakeflow_first",
                row_number().over(Window.partitionBy(keyColumns).orderBy(sequence)))
            .filter(col("__lakeflow_first").equalTo(1))
            .drop("__lakeflow_first")
            .withColumn(ACTION, lit("close"));
    String sameKey = keys.matchCondition();
    target
        .table()
        .as("t")
        .merge(
            versions.unionByName(closes).as("s"),
            sameKey
                + " AND ((s."
                + ACTION
                + " = 'version' AND t."
                + START_AT
                + " <=> s."
                + START_AT
                + ")"
                + " OR (s."
                + ACTION
                + " = 'close' AND t."
                + END_AT
                + " IS NULL"
                + " AND t."
                + START_AT
                + " < s."
                + START_AT
                + "))")
        .whenMatched("s." + ACTION + " = 'close'")
        .updateExpr(Map.of(END_AT, "s." + START_AT))
        .whenNotMatched("s." + ACTION + " = 'version'")
        // the staging column is not in the target, and without schema evolution INSERT * skips it
        .insertAll()
        .execute();
  }

  private static void closeDeleted(DeltaTarget target, MergeKeys keys, Dataset<Row> batch) {
    String deletedAt = keys.sequence().sql("s");
    target
        .table()
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

  /** One row per (key, sequence): a repeated version must not become two history rows. */
  private static Dataset<Row> distinctVersions(Dataset<Row> batch, MergeKeys keys) {
    List<Column> partition = new ArrayList<>(List.of(keys.columns()));
    partition.add(keys.sequence().column());
    Column[] by = partition.toArray(Column[]::new);
    return batch
        .withColumn("__lakeflow_copy", row_number().over(Window.partitionBy(by).orderBy(by)))
        .filter(col("__lakeflow_copy").equalTo(1))
        .drop("__lakeflow_copy");
  }

  /** Drops versions that are not newer than the newest stored version of their key. */
  private static Dataset<Row> newerThanStored(
      DeltaTarget target, MergeKeys keys, Dataset<Row> versions) {
    Column[] keyColumns = keys.columns();
    Column[] aliased = new Column[keyColumns.length];
    Column joined = lit(true);
    for (int i = 0; i < keyColumns.length; i++) {
      aliased[i] = keyColumns[i].as(KEY_PREFIX + i);
      joined = joined.and(keyColumns[i].eqNullSafe(col(KEY_PREFIX + i)));
    }
    Dataset<Row> lastStarts =
        target.table().toDF().groupBy(aliased).agg(max(col(START_AT)).as(LAST_START));
    Dataset<Row> result =
        versions
            .join(lastStarts, joined, "left")
            .filter(col(LAST_START).isNull().or(keys.sequence().column().gt(col(LAST_START))))
            .drop(LAST_START);
    for (int i = 0; i < keyColumns.length; i++) {
      result = result.drop(KEY_PREFIX + i);
    }
    return result;
  }
}
