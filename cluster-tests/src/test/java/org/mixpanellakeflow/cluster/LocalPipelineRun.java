package org.mixpanellakeflow.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.Lakehouse;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;

/**
 * Runs a pipeline in local mode, as the {@code ingest} command does ({@link Lakehouse#localSession}
 * and {@link PipelineRunner}), in a JVM of its own: the test JVM already holds the cluster's Spark
 * context and a JVM can hold only one.
 *
 * <p>Arguments: the pipeline spec file, the connections file and the warehouse folder. Exits 0
 * when every table landed, 1 otherwise, and at once (status 3) when the test JVM that started it
 * is gone, so that a killed test run leaves no process behind.
 */
final class LocalPipelineRun {

  private LocalPipelineRun() {}

  public static void main(String[] args) {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    int status = 1;
    SparkSession spark = Lakehouse.localSession(args[2]);
    try {
      new PipelineRunner(spark, args[2])
          .run(PipelineSpec.parse(Path.of(args[0])), Connections.parse(Path.of(args[1]), System.getenv()));
      status = 0;
    } catch (RuntimeException e) {
      e.printStackTrace();
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  /**
   * Runs the pipeline of {@code spec} in a local-mode child JVM into {@code warehouse} while {@code
   * onCluster} runs here, then waits for the child (another process at work: with a deadline) and
   * fails with the end of its output unless it landed every table.
   */
  static <T> T alongside(
      Path spec, Path connections, Path warehouse, Duration deadline, Callable<T> onCluster)
      throws Exception {
    Path log = warehouse.resolveSibling(warehouse.getFileName() + "-run.log");
    Process local = new ProcessBuilder(command(spec, connections, warehouse))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      T result = onCluster.call();
      boolean exited = local.waitFor(deadline.toSeconds(), TimeUnit.SECONDS);
      if (!exited || local.exitValue() != 0) {
        throw new AssertionError(
            "The local-mode run "
                + (exited ? "exited with " + local.exitValue() : "still ran after " + deadline)
                + "; its output ends:\n"
                + tail(log));
      }
      return result;
    } finally {
      if (local.isAlive()) {
        local.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** The command that runs {@link #main} with this JVM's class path and JVM options. */
  static List<String> command(Path spec, Path connections, Path warehouse) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LocalPipelineRun.class.getName());
    command.add(spec.toString());
    command.add(connections.toString());
    command.add(warehouse.toString());
    return command;
  }
}
