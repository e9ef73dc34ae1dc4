package org.mixpanellakeflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refuses what would not work, or would hang, with a message that says what to do. */
@ExtendWith(SparkClusterExtension.class)
class TestSparkClusterStart {

  @Test
  void refusesToStartWithoutSparkHome() {
    assertThatThrownBy(() -> SparkCluster.builder().start(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot start the test cluster: the environment variable SPARK_HOME is not set.")
        .hasMessageContaining("start the JVM with SPARK_HOME=<module>/target/spark-home");
  }

  @Test
  void refusesASparkHomeItDidNotAssemble(@TempDir Path dir) throws IOException {
    Path installation = dir.resolve("spark-4.0.1-bin-hadoop3");
    Files.createDirectories(installation.resolve("jars"));
    Files.writeString(installation.resolve("RELEASE"), "Spark 4.0.1 built for Hadoop 3.4.1\n");

    assertThatThrownBy(() -> SparkCluster.builder().start(Map.of("SPARK_HOME", installation.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot use SPARK_HOME '" + installation + "' for the test cluster: it is not empty and was"
            + " not assembled by SparkCluster (a real Spark installation would put its own jars beside this"
            + " build's); point SPARK_HOME at an empty folder under target/, as cluster-tests' pom does");
    assertThat(installation.resolve("work")).doesNotExist();
  }

  @Test
  void refusesASecondClusterInTheSameJvm(SparkCluster running) {
    assertThat(running.executorProcesses()).hasSize(running.executorCount());

    assertThatThrownBy(() -> SparkCluster.builder().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot start the test cluster: a Spark session already runs in this JVM; only one Spark"
            + " context can, so run cluster tests in a JVM of their own");
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    assertThatThrownBy(() -> SparkCluster.builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers must be at least 1: 0");
    assertThatThrownBy(() -> SparkCluster.builder().coresPerWorker(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coresPerWorker must be at least 1: 0");
    assertThatThrownBy(() -> SparkCluster.builder().memoryPerWorkerMb(256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memoryPerWorkerMb must be at least 512: 256");
    assertThatThrownBy(() -> SparkCluster.builder().startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("startTimeout must be positive: PT0S");
  }
}
