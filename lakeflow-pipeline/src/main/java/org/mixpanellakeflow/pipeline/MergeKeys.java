package org.mixpanellakeflow.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The key and sequence columns of one table, resolved against a schema, and the SQL a MERGE needs
 * from them. Target alias {@code t}, source alias {@code s}.
 */
final class MergeKeys {

  private static final String RANK = "__lakeflow_rank";

  private final List<ColumnPath> keys;
  private final Optional<ColumnPath> sequence;

  private MergeKeys(List<ColumnPath> keys, Optional<ColumnPath> sequence) {
    this.keys = List.copyOf(keys);
    this.sequence = Objects.requireNonNull(sequence, "sequence is null");
  }

  /** Keys and sequence must all exist in {@code schema}. */
  static MergeKeys require(TablePlan plan, StructType schema) {
    return new MergeKeys(
        plan.primaryKeys().stream()
            .map(k -> ColumnPath.require(schema, k, "primary key", plan.sourceTable()))
            .toList(),
        plan.sequenceBy().map(s -> ColumnPath.require(schema, s, "sequence", plan.sourceTable())));
  }

  /**
   * Keys must exist; the sequence is used only if present, because delete records may carry just
   * the keys.
   */
  static MergeKeys forDeletes(TablePlan plan, StructType schema) {
    return new MergeKeys(
        plan.primaryKeys().stream()
            .map(k -> ColumnPath.require(schema, k, "primary key", plan.sourceTable()))
            .toList(),
        plan.sequenceBy().flatMap(s -> ColumnPath.resolve(schema, s)));
  }

  /**
   * One row per key: the one with the greatest sequence (nulls lose), or an arbitrary one without a
   * sequence. MERGE needs this because several source rows matching one target row is an error.
   */
  Dataset<Row> latestPerKey(Dataset<Row> rows) {
    Column[] partition = columns();
    Column order = sequence.map(s -> s.column().desc_nulls_last()).orElse(partition[0]);
    return rows.withColumn(
            RANK, functions.row_number().over(Window.partitionBy(partition).orderBy(order)))
        .filter(functions.col(RANK).equalTo(1))
        .drop(RANK);
  }

  /** Null-safe equality on every key, so that a null key still matches itself on a re-run. */
  String matchCondition() {
    return keys.stream()
        .map(k -> k.sql("t") + " <=> " + k.sql("s"))
        .collect(Collectors.joining(" AND "));
  }

  /** The same key and the same sequence (null-safe): the same version of a key. */
  String versionMatchCondition() {
    ColumnPath s = sequence();
    return matchCondition() + " AND " + s.sql("t") + " <=> " + s.sql("s");
  }

  /**
   * The source row is at least as new as the target row. Equal sequences apply, so that a replayed
   * batch rewrites identical values instead of being skipped half-way.
   */
  Optional<String> sourceNotOlder() {
    return sequence.map(s -> s.sql("s") + " >= " + s.sql("t") + " OR " + s.sql("t") + " IS NULL");
  }

  boolean hasSequence() {
    return sequence.isPresent();
  }

  /** The sequence column; only for tables whose plan requires one. */
  ColumnPath sequence() {
    return sequence.orElseThrow(() -> new IllegalStateException("no sequence column"));
  }

  Column[] columns() {
    return keys.stream().map(ColumnPath::column).toArray(Column[]::new);
  }
}
