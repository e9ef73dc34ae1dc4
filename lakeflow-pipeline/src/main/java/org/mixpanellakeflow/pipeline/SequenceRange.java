package org.mixpanellakeflow.pipeline;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The smallest and greatest sequence of a batch, and whether it has null sequences: a predicate on
 * the MERGE target that Delta uses to skip files by their statistics.
 *
 * <p>It may be added to a MERGE condition only where every stored row a batch row can match has a
 * sequence inside the batch's range: in the change log (the condition already requires the same
 * sequence), and in an upsert of a table whose key never changes its sequence, because the key is
 * derived from it ({@code events}: {@code event_key} hashes the event time). The pipeline does it
 * when a table sets {@code merge_prune_by_sequence}.
 */
final class SequenceRange {

  private final Object min;
  private final Object max;
  private final boolean hasNulls;

  private SequenceRange(Object min, Object max, boolean hasNulls) {
    this.min = min;
    this.max = max;
    this.hasNulls = hasNulls;
  }

  /** One aggregation over {@code rows}; read it from a copy, not from the connector. */
  static SequenceRange of(Dataset<Row> rows, ColumnPath sequence) {
    Column s = sequence.column();
    Row range = rows.agg(min(s), max(s), count(when(s.isNull(), lit(1)))).first();
    return new SequenceRange(range.get(0), range.get(1), range.getLong(2) > 0);
  }

  /** The stored rows (alias {@code t}) a batch row may match; false for a batch without rows. */
  Column targetPredicate(ColumnPath sequence) {
    Column stored = expr(sequence.sql("t"));
    Column inRange = min == null ? lit(false) : stored.between(lit(min), lit(max));
    return hasNulls ? inRange.or(stored.isNull()) : inRange;
  }

  @Override
  public String toString() {
    return "[" + min + ", " + max + "]" + (hasNulls ? " and null" : "");
  }
}
