package org.mixpanellakeflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixpanellakeflow.connector.FixedClockConnectorFactory;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion pipeline (the {@code ingest} command's path: {@link PipelineRunner}) on the
 * cluster lands the same Delta tables as in local mode. Emulators run in this JVM; executors and
 * the local-mode JVM ({@link LocalPipelineRun}) reach them on loopback.
 */
@ExtendWith(SparkClusterExtension.class)
class TestPipelineOnCluster {

  static final Logger LOG = LoggerFactory.getLogger(TestPipelineOnCluster.class);

  /**
   * "Now" for both emulators and, through the fixed-clock connector (mixpanel-connector's test
   * jar, connector {@code mixpanel_fixed_clock}, built from the options on the driver, on every
   * executor and in the local-mode JVM), for every connector: both runs are served the same data
   * and neither reads the wall clock.
   */
  static final Instant EMULATOR_NOW = Instant.parse("2024-06-10T12:00:00Z");
  static final LocalDate TODAY = LocalDate.ofInstant(EMULATOR_NOW, ZoneOffset.UTC);
  static final int DAYS = 3;
  static final int EVENTS_PER_DAY = 200;
  static final Duration LOCAL_RUN_DEADLINE = Duration.ofMinutes(8);
  static final LocalDate FIRST_DAY = TODAY.minusDays(DAYS);
  static final String SECRET = "cluster-sa-secret-value";
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(4242)
          .serviceAccount("cluster.sa", SECRET)
          .timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1))
          .eventsPerDay(EVENTS_PER_DAY)
          .eventDays(FIRST_DAY, TODAY.minusDays(1))
          .cohortCount(3)
          .profileCount(300)
          .build();
  static final String SPEC =
      "{\"connection_name\": \"cluster\", \"objects\": [{\"table\": {\"source_table\": \"events\"}},"
          + " {\"table\": {\"source_table\": \"cohorts\"}},"
          + " {\"table\": {\"source_table\": \"cohort_members\"}},"
          + " {\"table\": {\"source_table\": \"engage\", \"destination_table\": \"profiles\"}}]}";
  static final List<String> TABLES = List.of("events", "cohorts", "cohort_members", "profiles");

  @TempDir static Path dir;
  static MixpanelEmulator clusterEmulator;
  static MixpanelEmulator localEmulator;
  static SparkSession spark;
  static Path onCluster;
  static Path inLocalMode;
  static PipelineResult clusterResult;

  /**
   * Lands the tables twice from scratch, at the same time: in a local-mode child JVM and on the
   * cluster. Each run has its own emulator, both serving the same project at the same fixed
   * instant, so the two runs neither share state nor mix their request logs.
   */
  @BeforeAll
  static void ingestOnTheClusterAndInLocalMode(SparkCluster cluster) throws Exception {
    clusterEmulator = startEmulator();
    localEmulator = startEmulator();
    spark = cluster.session();
    onCluster = dir.resolve("cluster");
    inLocalMode = dir.resolve("local");
    Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
    Path localConnections = Files.writeString(dir.resolve("local-connections.json"), connectionsJson(localEmulator));

    long started = System.nanoTime();
    clusterResult = LocalPipelineRun.alongside(spec, localConnections, inLocalMode, LOCAL_RUN_DEADLINE, () -> {
      PipelineResult result = new PipelineRunner(spark, onCluster.toString())
          .run(PipelineSpec.parse(SPEC), Connections.parse(connectionsJson(clusterEmulator), Map.of()));
      LOG.info("Pipeline on the cluster: {} ms, {}", millisSince(started), result);
      return result;
    });
    LOG.info("Pipeline on the cluster and in a local-mode JVM: {} ms", millisSince(started));
  }

  @AfterAll
  static void stopEmulators() {
    for (MixpanelEmulator emulator : new MixpanelEmulator[] {clusterEmulator, localEmulator}) {
      if (emulator != null) {
        emulator.close();
      }
    }
  }

  static MixpanelEmulator startEmulator() {
    return MixpanelEmulator.builder().clock(Clock.fixed(EMULATOR_NOW, ZoneOffset.UTC)).project(PROJECT).start();
  }

  static String connectionsJson(MixpanelEmulator emulator) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode connection = root.putObject("connections").putObject("cluster");
    connection.put("connector", FixedClockConnectorFactory.NAME);
    ObjectNode options = connection.putObject("options");
    options.put(FixedClockConnectorFactory.FIXED_NOW, EMULATOR_NOW.toString());
    options.put("username", "cluster.sa");
    options.put("secret", SECRET);
    options.put("project_id", "4242");
    options.put("project_timezone", "UTC");
    options.put("historical_days", String.valueOf(DAYS));
    options.put("export_window_days", "1");
    // micro-batches of whole days at the daily volume seen (see the micro-batches test)
    options.put("max_records_per_batch", String.valueOf(3 * EVENTS_PER_DAY));
    options.put("base_url", emulator.baseUri().toString());
    return root.toString();
  }

  static Dataset<Row> table(Path warehouse, String name) {
    return spark.read().format("delta").load(warehouse.resolve(name).toString());
  }

  /** The table's content without the read-time column, as sorted JSON lines. */
  static List<String> rows(Path warehouse, String name) {
    List<String> rows = new ArrayList<>(table(warehouse, name).drop("generated_timestamp").toJSON().collectAsList());
    rows.sort(null);
    return rows;
  }

  @ParameterizedTest
  @ValueSource(strings = {"events", "cohorts", "cohort_members", "profiles"})
  void tableEqualsTheLocalModeOneRowForRow(String name) {
    List<String> cluster = rows(onCluster, name);
    List<String> local = rows(inLocalMode, name);

    assertThat(cluster).as("rows of %s on the cluster", name).isNotEmpty();
    List<String> onlyOnCluster = new ArrayList<>(cluster);
    onlyOnCluster.removeAll(local);
    List<String> onlyLocal = new ArrayList<>(local);
    onlyLocal.removeAll(cluster);
    assertThat(cluster)
        .as("rows of %s, cluster (%d) against local mode (%d); only on the cluster, %d, e.g.%n%s%nonly in local mode, %d, e.g.%n%s",
            name, cluster.size(), local.size(), onlyOnCluster.size(), first(onlyOnCluster), onlyLocal.size(), first(onlyLocal))
        .isEqualTo(local);
  }

  @Test
  void clusterLandedWhatTheEmulatorServed() {
    int events = PROJECT.events(FIRST_DAY, TODAY, EMULATOR_NOW).size();

    assertThat(events).isEqualTo(DAYS * EVENTS_PER_DAY);
    assertThat(table(onCluster, "events").count()).isEqualTo(events);
    assertThat(clusterResult.table("events").rowsRead()).isEqualTo(events);
    assertThat(table(onCluster, "profiles").count()).isEqualTo(300);
    assertThat(table(onCluster, "cohorts").count()).isEqualTo(PROJECT.cohorts().size());
  }

  /**
   * With {@code max_records_per_batch}, batches are sized from the daily volume the partitions
   * saw; on a cluster that is learnt in executor JVMs and must reach the driver (partition
   * reports), or every batch would be a single day.
   */
  @Test
  void eachTableTakesAsManyMicroBatchesAsInLocalMode() throws IOException {
    Map<String, Long> cluster = commits(onCluster);
    assertThat(cluster).as("streamed tables").containsKeys("events", "profiles");
    assertThat(cluster).as("micro-batches per table, cluster against local mode").isEqualTo(commits(inLocalMode));
  }

  /** Committed micro-batches per streamed table (snapshot tables keep no checkpoint). */
  static Map<String, Long> commits(Path warehouse) throws IOException {
    Map<String, Long> commits = new TreeMap<>();
    for (String name : TABLES) {
      Path dir = warehouse.resolve("_checkpoints").resolve(name).resolve("commits");
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          commits.put(name, files.filter(p -> p.getFileName().toString().matches("\\d+")).count());
        }
      }
    }
    return commits;
  }

  static String first(List<String> rows) {
    return String.join("\n", rows.subList(0, Math.min(3, rows.size())));
  }

  static long millisSince(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  @Test
  void clusterSpentAsManyRequestsAsLocalMode() {
    assertThat(clusterEmulator.requestLog()).as("emulator requests, cluster against local mode")
        .hasSameSizeAs(localEmulator.requestLog());
  }

  /**
   * Executors' requests reach the driver as Spark's task metrics: the run's per-table {@code
   * apiRequests} add up to every request the cluster's emulator answered, and each table's share
   * is its own endpoints' requests.
   */
  @Test
  void sourceMetricsCountEveryRequestEveryExecutorSent() {
    Map<String, Long> byTable = new TreeMap<>();
    clusterResult.tables().forEach(t -> byTable.put(t.destination(), t.sourceMetric("apiRequests")));
    long exports = clusterEmulator.requestLog().stream().filter(r -> r.path().contains("/export")).count();

    assertThat(byTable.values().stream().mapToLong(Long::longValue).sum())
        .as("API requests per table %s", byTable)
        .isEqualTo(clusterEmulator.requestLog().size());
    assertThat(byTable.get("events")).isEqualTo(exports).isPositive();
    assertThat(byTable).allSatisfy((table, requests) -> assertThat(requests).as(table).isPositive());
    assertThat(clusterResult.table("events").sourceMetric("bytesReceived")).isPositive();
  }
}
