package org.mixpanellakeflow.benchmarks.parse;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Where a row path hands its rows. In mode {@code internal} the row is consumed as the partition
 * reader hands it to Spark; in mode {@code unsafe} a row that is not an {@link UnsafeRow} yet is
 * first copied into one, as Spark's scan or writer does next, so a path that writes {@code
 * UnsafeRow}s directly is compared with the others on equal terms. Not thread safe.
 */
public final class RowSink {

  private final Blackhole blackhole;
  private final UnsafeProjection toUnsafe;
  private final List<InternalRow> collected;

  private RowSink(Blackhole blackhole, UnsafeProjection toUnsafe, List<InternalRow> collected) {
    this.blackhole = blackhole;
    this.toUnsafe = toUnsafe;
    this.collected = collected;
  }

  /** The projection mode {@code rows} needs for {@code schema}: null for {@code internal}. */
  static UnsafeProjection projectionFor(String rows, StructType schema) {
    return switch (rows.toLowerCase(Locale.ROOT)) {
      case "internal" -> null;
      case "unsafe" -> UnsafeProjection.create(schema);
      default -> throw new IllegalArgumentException(
          "Invalid rows mode '" + rows + "': expected internal or unsafe");
    };
  }

  static RowSink of(Blackhole blackhole, UnsafeProjection toUnsafe) {
    return new RowSink(blackhole, toUnsafe, null);
  }

  /** A sink that keeps a copy of every row, for checking that paths agree (not for measuring). */
  static RowSink collecting(List<InternalRow> into) {
    return new RowSink(null, null, into);
  }

  public void accept(InternalRow row) {
    if (collected != null) {
      collected.add(row.copy()); // a path may reuse its row object
    } else if (toUnsafe == null || row instanceof UnsafeRow) {
      blackhole.consume(row);
    } else {
      blackhole.consume(toUnsafe.apply(row));
    }
  }
}
