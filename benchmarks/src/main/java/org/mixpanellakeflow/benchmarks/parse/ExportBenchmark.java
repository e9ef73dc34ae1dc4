package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One export body (prepared once per trial) read start to end per operation. Every subclass is
 * one way of reading it and becomes its own JMH benchmark, {@code <Subclass>.parse}, over the same
 * bytes; {@link ParseReport} sets each against {@link TokenizeOnly} of the same parameters.
 *
 * <p>Each operation must hand back the number of events it read, which is checked against the
 * body, so a new path that drops or duplicates events fails instead of looking fast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      // what Spark's launcher opens on Java 17+; the row paths load Spark's code generation
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false"
    })
public abstract class ExportBenchmark {

  /** Events in the body: one day at the volume. */
  @Param({"100000"})
  public int events;

  /** {@code gzip}: as Mixpanel sends it to the client, which asks for gzip; {@code plain}. */
  @Param({"gzip", "plain"})
  public String encoding;

  /** Deflate level of the gzip body; 6 (the default) is close to the 413 MB to 48 MB. */
  @Param({"6"})
  public int gzipLevel;

  /** Seed of the emulator's generated data. */
  @Param({"42"})
  public long seed;

  protected ExportBody body;

  @Setup(Level.Trial)
  public void prepareBody() {
    body = ExportBody.render(events, encoding, gzipLevel, seed);
    System.out.println("# Body: " + body);
  }

  @Benchmark
  public void parse(EventCounter counter, Blackhole blackhole) throws IOException {
    long read = read(body, blackhole);
    if (read != body.events()) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " read " + read + " events of a body of " + body.events());
    }
    counter.events += read;
  }

  /**
   * Reads every event of {@code body}, consuming whatever it produces into {@code blackhole}.
   *
   * @return the events read
   */
  protected abstract long read(ExportBody body, Blackhole blackhole) throws IOException;
}
