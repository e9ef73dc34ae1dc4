package org.mixpanellakeflow.cluster;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
