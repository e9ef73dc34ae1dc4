package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connector.RecordsAccess;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A parse path from export body to Spark rows of the {@code events} schema.
 *
 * <p><b>Adding a path</b> (such as {@code FastRowPath}, export line bytes straight to rows) is one
 * small class in this package:
 *
 * <pre>{@code
 * public class FastRowPath extends ExportToRows {
 *   @Override
 *   protected long toRows(ExportBody body, RowSink rows) throws IOException {
 *     long read = 0;
 *     try (InputStream in = body.decoded()) {        // or body.raw() + body.isGzip()
 *       ... for each event: rows.accept(internalRow); read++;
 *     }
 *     return read;
 *   }
 * }
 * }</pre>
 *
 * JMH's annotation processor picks it up at the next build as {@code FastRowPath.parse}, with the
 * same parameters and bodies as the others, and {@link ParseReport} lists it with its ratio to
 * {@link TokenizeOnly}. Nothing else needs registering; add it to {@code TestParsePathsAgree},
 * which checks it gives the same rows as {@link CurrentTreePath}.
 */
public abstract class ExportToRows extends ExportBenchmark {

  /** GENERATED_AT of every row, fixed so runs compare. */
  static final long GENERATED_AT = 1_717_300_000_000L;

  /** {@code internal}: rows as handed to Spark; {@code unsafe}: also copied into UnsafeRows. */
  @Param({"internal", "unsafe"})
  public String rows;

  private UnsafeProjection toUnsafe;

  @Setup(Level.Trial)
  public void prepareRows() {
    toUnsafe = RowSink.projectionFor(rows, schema());
  }

  /** The schema of the rows this path makes: {@code events} in the default format. */
  protected StructType schema() {
    return RecordsAccess.eventsSchema();
  }

  @Override
  protected final long read(ExportBody body, Blackhole blackhole) throws IOException {
    return toRows(body, RowSink.of(blackhole, toUnsafe));
  }

  /**
   * Turns every event of {@code body} into a row of the {@code events} schema, with {@code
   * generated_timestamp} {@link #GENERATED_AT}, and hands each to {@code rows}.
   *
   * @return the events read
   */
  protected abstract long toRows(ExportBody body, RowSink rows) throws IOException;
}
