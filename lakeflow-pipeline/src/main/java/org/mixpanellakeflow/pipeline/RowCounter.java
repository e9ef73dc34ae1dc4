package org.mixpanellakeflow.pipeline;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts the rows of a dataset while whatever reads it runs, so that a micro-batch is counted by
 * the write that consumes it instead of by a separate action (which would read the connector a
 * second time, or need the whole batch cached).
 *
 * <p>The count is a Spark accumulator ticked by a non-deterministic filter that keeps every row.
 * Spark's {@code Observation} would be the natural tool, but it completes only when a query whose
 * own plan contains the observed dataset reports to the session's listeners, and Delta's MERGE and
 * {@code WriteIntoDelta} run their jobs inside a command whose plan does not: {@code get()} would
 * wait forever. Being non-deterministic, the filter is never pushed into the source, duplicated or
 * reordered, and it stays where it is put: directly on top of the rows read.
 *
 * <p>The count is exact when the counted rows are read once, which every writer of the pipeline
 * guarantees (see {@code docs/pipeline.md}). Spark ignores the updates of failed task attempts, so
 * a retried task counts once; only a finished task that Spark has to run again (an executor lost
 * with its output) counts twice.
 */
final class RowCounter {

  private final LongAccumulator rows;

  private RowCounter(LongAccumulator rows) {
    this.rows = Objects.requireNonNull(rows, "rows is null");
  }

  /** A new counter at zero, registered with the session's Spark context. */
  static RowCounter start(Dataset<Row> rows) {
    return new RowCounter(rows.sparkSession().sparkContext().longAccumulator("lakeflowRowsRead"));
  }

  /** {@code rows}, unchanged, counted into this counter whenever they are read. */
  Dataset<Row> counting(Dataset<Row> rows) {
    LongAccumulator counter = this.rows;
    UserDefinedFunction tick =
        functions
            .udf(
                (UDF0<Boolean>)
                    () -> {
                      counter.add(1);
                      return true;
                    },
                DataTypes.BooleanType)
            .asNondeterministic();
    return rows.filter(tick.apply());
  }

  /** The rows counted so far; read it on the driver after the action that read them. */
  long count() {
    return rows.value();
  }
}
