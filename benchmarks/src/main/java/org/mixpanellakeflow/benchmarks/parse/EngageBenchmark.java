package org.mixpanellakeflow.benchmarks.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.mixpanellakeflow.benchmarks.EmulatorBodies;
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
 * One engage page (a JSON document of {@code profiles} profiles, as the emulator serves page 0)
 * read per operation. Subclasses are the ways of reading it; {@link EngageTokenizeOnly} is their
 * limit in {@link ParseReport}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false"
    })
public abstract class EngageBenchmark {

  private static final LocalDate DAY = LocalDate.of(2024, 6, 1);

  /** Profiles on the page: Mixpanel's engage page size. */
  @Param({"1000"})
  public int profiles;

  @Param({"42"})
  public long seed;

  private byte[] page;

  @Setup(Level.Trial)
  public void preparePage() {
    try (EmulatorBodies emulator =
        EmulatorBodies.start(seed, 0, DAY, DAY, profiles, EmulatorBodies.dayAfter(DAY))) {
      page = emulator.engagePage(profiles);
    }
    System.out.printf(
        Locale.ROOT,
        "# Page: %,d profiles, %,d bytes of JSON (%.0f bytes a profile)%n",
        profiles,
        page.length,
        page.length / (double) profiles);
  }

  @Benchmark
  public void parse(ProfileCounter counter, Blackhole blackhole) throws IOException {
    long read = read(new ByteArrayInputStream(page), blackhole);
    if (read != profiles) {
      throw new IllegalStateException(
          getClass().getSimpleName() + " read " + read + " profiles of a page of " + profiles);
    }
    counter.profiles += read;
  }

  /**
   * Reads every profile of the page.
   *
   * @return the profiles read
   */
  protected abstract long read(ByteArrayInputStream page, Blackhole blackhole) throws IOException;
}
