package org.mixpanellakeflow.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The folder a worker takes as {@code SPARK_HOME}, assembled from nothing: Spark's launcher only
 * needs it to exist in the shape of a binary distribution. A {@code RELEASE} file and an empty
 * {@code jars/} folder satisfy {@code CommandBuilderUtils.findJarsDir}; the executors' real class
 * path comes from {@code spark.executor.extraClassPath} (see {@link SparkCluster}). {@code conf/}
 * holds the executors' logging setup, {@code work/} their working folders and log files, and
 * {@code warehouse/} Spark's own warehouse directory.
 *
 * <p>The folder is refused unless it is empty, missing, or was assembled here before, so that a
 * real Spark installation named by {@code SPARK_HOME} is never written into or mixed with this
 * build's jars.
 */
final class SparkHome {

  static final String RELEASE_TEXT =
      "Spark home assembled by mixpanel-lakeflow's SparkCluster for local-cluster executors.\n"
          + "The jars come from spark.executor.extraClassPath, not from jars/.\n";

  /**
   * Executors log warnings, and the start and end of each task (which tell where a slow test
   * spends its time), to their stderr file under work/.
   */
  private static final String EXECUTOR_LOG4J =
      """
      rootLogger.level = warn
      rootLogger.appenderRef.stderr.ref = stderr
      appender.stderr.type = Console
      appender.stderr.name = stderr
      appender.stderr.target = SYSTEM_ERR
      appender.stderr.layout.type = PatternLayout
      appender.stderr.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1}: %m%n
      logger.hadoop.name = org.apache.hadoop
      logger.hadoop.level = error
      logger.executor.name = org.apache.spark.executor.Executor
      logger.executor.level = info
      """;

  private final Path root;

  private SparkHome(Path root) {
    this.root = root;
  }

  /** Creates or reuses the folder at {@code root}, which must be the harness's own. */
  static SparkHome prepare(Path root) {
    Path home = root.toAbsolutePath().normalize();
    try {
      Path release = home.resolve("RELEASE");
      if (Files.isDirectory(home) && !isEmpty(home)) {
        if (!Files.isRegularFile(release)
            || !Files.readString(release, StandardCharsets.UTF_8).equals(RELEASE_TEXT)) {
          throw new IllegalStateException(
              "Cannot use SPARK_HOME '"
                  + home
                  + "' for the test cluster: it is not empty and was not assembled by SparkCluster"
                  + " (a real Spark installation would put its own jars beside this build's);"
                  + " point SPARK_HOME at an empty folder under target/, as cluster-tests' pom does");
        }
      }
      Files.createDirectories(home.resolve("jars"));
      Files.createDirectories(home.resolve("conf"));
      Files.createDirectories(home.resolve("work"));
      Files.createDirectories(home.resolve("warehouse"));
      Files.writeString(release, RELEASE_TEXT, StandardCharsets.UTF_8);
      Files.writeString(home.resolve("conf/log4j2.properties"), EXECUTOR_LOG4J, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot assemble the test cluster's SPARK_HOME at " + home, e);
    }
    return new SparkHome(home);
  }

  Path root() {
    return root;
  }

  Path executorLogConfig() {
    return root.resolve("conf/log4j2.properties");
  }

  /** Where the workers put each application's executor folders ({@code <app>/<executor>/}). */
  Path work() {
    return root.resolve("work");
  }

  Path warehouse() {
    return root.resolve("warehouse");
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
