package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first sync of 150,000 generated events (about 40 MB of rows) in a child JVM with a 256 MB heap
 * ({@link ChildSync}). It must land every row and keep no micro-batch in memory: the pipeline that
 * cached each batch ({@code MEMORY_AND_DISK}) before writing it also finished here, because Spark
 * spills what does not fit, but held about 30 MB of RDD blocks in memory; this one holds only
 * Delta's few-KB cache of its log state.
 *
 * <p>Spark refuses to start below 450 MB of heap unless its reserved memory is lowered, which the
 * child's {@code spark.testing.reservedMemory} does (64 MB instead of 300 MB).
 */
class TestSmallHeapSync {

  private static final int EVENTS = 150_000;
  private static final Pattern RESULT =
      Pattern.compile(
          "rowsRead=(\\d+) rowsInTable=(\\d+) memoryRddPeakBytes=(\\d+) peakLiveHeapMb=(\\d+)");

  @TempDir Path dir;

  @Test
  void landsAFirstSyncInASmallHeapWithoutKeepingBatchesInMemory()
      throws IOException, InterruptedException {
    Path log = dir.resolve("child.log");
    ProcessBuilder builder =
        new ProcessBuilder(command(dir.resolve("warehouse")))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = builder.start();
    try {
      // a deadline for a hung child only; the run takes well under a minute
      assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("child still running").isTrue();
    } finally {
      child.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(output).isZero();
    Matcher result = RESULT.matcher(output);
    assertThat(result.find()).as(output).isTrue();

    assertThat(Long.parseLong(result.group(1))).isEqualTo(EVENTS);
    assertThat(Long.parseLong(result.group(2))).isEqualTo(EVENTS);
    assertThat(Long.parseLong(result.group(3)))
        .as("bytes of RDD blocks in memory")
        .isLessThan(1 << 20);
  }

  /** This JVM's module openings and system properties, with the child's own heap and collector. */
  private static List<String> command(Path warehouse) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--add-") || option.startsWith("-XX:+IgnoreUnrecognized")) {
        command.add(option);
      }
    }
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-Dspark.testing.reservedMemory=" + (64L << 20),
            "-cp",
            System.getProperty("java.class.path"),
            ChildSync.class.getName(),
            warehouse.toString(),
            Integer.toString(EVENTS),
            "200",
            "50000"));
    return command;
  }
}
