package org.mixpanellakeflow.cluster;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The cluster really is several JVMs: tasks run elsewhere, see none of the driver's statics. */
@ExtendWith(SparkClusterExtension.class)
class TestSparkCluster {

  /** Set by the driver only; an executor JVM loads this class afresh and sees null. */
  static volatile String driverMarker;

  static SparkCluster cluster;
  static SparkSession spark;
  static JavaSparkContext jsc;

  @BeforeAll
  static void start(SparkCluster shared) {
    cluster = shared;
    spark = shared.session();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  /** Enough tasks, of a few milliseconds each, for every executor to take some. */
  static JavaRDD<Integer> tasks() {
    int slices = cluster.executorCount() * 8;
    return jsc.parallelize(IntStream.range(0, slices).boxed().toList(), slices);
  }

  static long driverPid() {
    return ProcessHandle.current().pid();
  }

  static Set<Long> executorPids() {
    Set<Long> pids = new HashSet<>();
    cluster.executorProcesses().forEach(p -> pids.add(p.pid()));
    return pids;
  }

  @Test
  void tasksRunInSeveralExecutorJvmsNoneOfThemTheDriver() {
    List<Long> pids = tasks().map(i -> ProcessHandle.current().pid()).distinct().collect();

    assertThat(pids).hasSizeGreaterThanOrEqualTo(2).doesNotContain(driverPid());
    assertThat(executorPids()).as("executor processes, children of this JVM").hasSize(cluster.executorCount());
    assertThat(executorPids()).containsAll(pids);
  }

  @Test
  void staticFieldsSetInTheDriverAreNotSeenByTasks() {
    driverMarker = "set in the driver";
    Broadcast<String> shipped = jsc.broadcast("shipped by broadcast");

    List<String> seen = tasks().map(i -> driverMarker + " / " + shipped.value()).distinct().collect();

    assertThat(driverMarker).isEqualTo("set in the driver");
    assertThat(seen).containsExactly("null / shipped by broadcast");
  }

  @Test
  void executorsRunTheDriversJavaWithItsModuleFlags() {
    List<String> javaHomes = tasks().map(i -> System.getProperty("java.home")).distinct().collect();
    // Spark adds its own list (JavaModuleOptions) before the harness's, so flags may repeat
    List<Set<String>> flags = tasks()
        .map(i -> Set.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens")).toList()))
        .distinct()
        .collect();

    assertThat(javaHomes).containsExactly(System.getProperty("java.home"));
    Set<String> driverFlags = Set.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens")).toList());
    assertThat(driverFlags).as("the test JVM's own flags (root pom spark.jvm.opens)")
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(flags).containsExactly(driverFlags);
  }

  @Test
  void writesAndReadsBackADeltaTableThroughTheExecutors(@TempDir Path dir) {
    String table = dir.resolve("numbers").toString();
    spark.udf().register("writer_pid", (UDF0<Long>) () -> ProcessHandle.current().pid(), DataTypes.LongType);
    spark.range(0, 1000, 1, 4)
        .withColumn("writer_pid", call_udf("writer_pid"))
        .write()
        .format("delta")
        .save(table);

    Dataset<Row> numbers = spark.read().format("delta").load(table);
    Row totals = numbers.agg(sum(col("id")), org.apache.spark.sql.functions.count(col("id"))).first();
    List<Long> writers = numbers.select("writer_pid").distinct().as(org.apache.spark.sql.Encoders.LONG())
        .collectAsList();

    assertThat(totals.getLong(0)).isEqualTo(999L * 1000 / 2);
    assertThat(totals.getLong(1)).isEqualTo(1000);
    assertThat(Files.isDirectory(dir.resolve("numbers/_delta_log"))).isTrue();
    assertThat(writers).isNotEmpty().doesNotContain(driverPid());
    assertThat(executorPids()).containsAll(writers);
  }
}
