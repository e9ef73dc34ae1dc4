package org.mixpanellakeflow.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.Lakehouse;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;

/** Emulator on loopback -> connector -> Spark source -> pipeline -> Delta, all real. */
class TestEndToEnd {

  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  static final String SECRET = "e2e-sa-secret-value";
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(31337)
          .serviceAccount("e2e.sa", SECRET)
          .timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1))
          .eventsPerDay(150)
          .eventDays(TODAY.minusDays(6), TODAY.minusDays(1))
          .cohortCount(3)
          .profileCount(1200)
          .build();
  static final String SPEC =
      "{\"connection_name\": \"e2e\", \"objects\": [{\"table\": {\"source_table\": \"events\"}},"
          + " {\"table\": {\"source_table\": \"cohorts\"}},"
          + " {\"table\": {\"source_table\": \"cohort_members\"}},"
          + " {\"table\": {\"source_table\": \"engage\", \"destination_table\": \"profiles\"}}]}";

  static MixpanelEmulator emulator;
  static SparkSession spark;
  @TempDir static Path sessionDir;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(Clock.systemUTC()).project(PROJECT).start();
    spark = Lakehouse.localSession(sessionDir.toString());
    // small test tables: two shuffle partitions keep each sync quick on two cores
    spark.conf().set("spark.sql.shuffle.partitions", "2");
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static Map<String, String> options(String secret) {
    Map<String, String> options = new HashMap<>();
    options.put("username", "e2e.sa");
    options.put("secret", secret);
    options.put("project_id", "31337");
    options.put("project_timezone", "UTC");
    options.put("historical_days", "6");
    options.put("export_window_days", "1");
    options.put("base_url", emulator.baseUri().toString());
    return options;
  }

  static PipelineResult ingest(Path warehouse) {
    Connections connections =
        Connections.parse(DemoCommand.connectionsJson("e2e", options(SECRET)), Map.of());
    return new PipelineRunner(spark, warehouse.toString()).run(PipelineSpec.parse(SPEC), connections);
  }

  static Dataset<Row> table(Path warehouse, String name) {
    return spark.read().format("delta").load(warehouse.resolve(name).toString());
  }

  static List<Map<String, Object>> expectedEvents() {
    return PROJECT.events(TODAY.minusDays(6), TODAY.minusDays(1), Instant.now());
  }

  @Test
  void landsWhatTheEmulatorServedAndRerunsAddNothing(@TempDir Path warehouse) throws Exception {
    Instant beforeFirst = Instant.now();
    PipelineResult first = ingest(warehouse);
    Instant afterFirst = Instant.now();

    List<Map<String, Object>> expected = expectedEvents();
    assertThat(expected).hasSize(6 * 150);
    Dataset<Row> events = table(warehouse, "events");
    assertThat(events.count()).isEqualTo(expected.size());
    assertThat(events.select("`$insert_id`").distinct().count()).isEqualTo(expected.size());
    assertThat(first.table("events").rowsRead()).isEqualTo(expected.size());
    assertThat(table(warehouse, "cohorts").count()).isEqualTo(PROJECT.cohorts().size());
    long members = 0;
    for (Map<String, Object> cohort : PROJECT.cohorts()) {
      members += PROJECT.cohortMembers(((Number) cohort.get("id")).longValue()).size();
    }
    assertThat(table(warehouse, "cohort_members").count()).isEqualTo(members).isPositive();
    Dataset<Row> profiles = table(warehouse, "profiles");
    assertThat(profiles.count()).isEqualTo(1200);
    assertThat(profiles.select("`$distinct_id`").distinct().count()).isEqualTo(1200);
    assertThat(profiles.where(col("`$properties`.`$last_seen`").isNull()).count()).isZero();

    // a sample of standard, nested and custom values, against what the emulator served
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < expected.size(); i += 97) {
      @SuppressWarnings("unchecked")
      Map<String, Object> raw = (Map<String, Object>) expected.get(i).get("properties");
      Row row = events.where(col("`$insert_id`").equalTo(raw.get("$insert_id")))
          .select("event", "properties.time", "properties.distinct_id", "properties.custom_properties")
          .first();
      assertThat(row.getString(0)).isEqualTo(expected.get(i).get("event"));
      assertThat(row.getLong(1)).isEqualTo(((Number) raw.get("time")).longValue());
      assertThat(row.getString(2)).isEqualTo(raw.get("distinct_id"));
      Map<String, String> custom = row.getJavaMap(3);
      int compared = 0;
      for (Map.Entry<String, Object> p : raw.entrySet()) {
        if (!custom.containsKey(p.getKey())) {
          continue;
        }
        compared++;
        Object value = p.getValue();
        if (value instanceof String || value == null) {
          assertThat(custom.get(p.getKey())).isEqualTo(value);
        } else {
          assertThat(json.readTree(custom.get(p.getKey()))).as(p.getKey()).isEqualTo(json.readTree(json.writeValueAsString(value)));
        }
      }
      assertThat(compared).as("custom properties compared").isGreaterThan(2);
    }

    PipelineResult second = ingest(warehouse);
    assertThat(table(warehouse, "events").count()).isEqualTo(expected.size());
    assertThat(table(warehouse, "cohorts").count()).isEqualTo(PROJECT.cohorts().size());
    // the catch-up re-reads what Mixpanel processed in the processing lag (2 hours) before the
    // first run's "now", and merges it into the same rows
    Duration lag = Duration.ofHours(2);
    assertThat(second.table("events").rowsRead())
        .as("events processed in the two hours before the first run")
        .isBetween(processedAfter(afterFirst.minus(lag)), processedAfter(beforeFirst.minus(lag)));
  }

  @SuppressWarnings("unchecked")
  static long processedAfter(Instant instant) {
    return expectedEvents().stream()
        .filter(e -> ((Number) ((Map<String, Object>) e.get("properties")).get("mp_processing_time_ms"))
            .longValue() > instant.toEpochMilli())
        .count();
  }

  /**
   * An events table written before {@code event_key} existed, re-read from the start: the pipeline
   * fills the key from the stored columns exactly as the connector computes it, so the re-read
   * merges into the same rows instead of adding duplicates.
   */
  @Test
  void addsTheEventKeyToATableWrittenBeforeItWithoutDuplicatingOnReRead(@TempDir Path warehouse)
      throws Exception {
    ingest(warehouse);
    List<String> expected = rows(table(warehouse, "events"));
    String path = warehouse.resolve("events").toString();
    Dataset<Row> old = table(warehouse, "events").drop("event_key").localCheckpoint();
    old.write().format("delta").mode("overwrite").option("overwriteSchema", "true").save(path);
    assertThat(table(warehouse, "events").columns()).doesNotContain("event_key");
    deleteRecursively(warehouse.resolve("_checkpoints/events"));

    ingest(warehouse);

    assertThat(rows(table(warehouse, "events"))).isEqualTo(expected);
  }

  /**
   * A profile edited without moving {@code $last_seen} ({@code $ignore_time}), seen by a full
   * refresh: SCD type 2 records it as the profile's new current version.
   */
  @Test
  void historyRecordsAProfileChangeThatDoesNotMoveTheCursor(@TempDir Path warehouse) {
    String spec =
        "{\"connection_name\": \"e2e\", \"objects\": [{\"table\": {\"source_table\": \"engage\","
            + " \"destination_table\": \"profiles_history\", \"table_configuration\":"
            + " {\"scd_type\": \"SCD_TYPE_2\", \"engage_full_refresh\": \"true\"}}}]}";
    Connections connections =
        Connections.parse(DemoCommand.connectionsJson("e2e", options(SECRET)), Map.of());
    PipelineRunner runner = new PipelineRunner(spark, warehouse.toString());
    runner.run(PipelineSpec.parse(spec), connections);
    String user = (String) PROJECT.profiles().get(3).get("$distinct_id");

    emulator.updateProfiles(31337, List.of(Map.of(
        "$distinct_id", user, "$ignore_time", true, "$set", Map.of("plan", "edited-in-the-ui"))));
    runner.run(PipelineSpec.parse(spec), connections);

    Dataset<Row> history = table(warehouse, "profiles_history");
    assertThat(history.count()).as("one new version, nothing for unchanged re-reads").isEqualTo(1201);
    assertThat(history.where("__END_AT IS NULL").count()).isEqualTo(1200);
    List<Row> versions = history.where(col("`$distinct_id`").equalTo(user))
        .selectExpr("`$properties`.custom_properties['plan'] AS plan", "__START_AT", "__END_AT")
        .orderBy(col("__END_AT").asc_nulls_last()).collectAsList();
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).getString(0)).isNotEqualTo("edited-in-the-ui");
    assertThat(versions.get(0).getString(2)).isEqualTo(versions.get(0).getString(1));
    assertThat(versions.get(1).getString(0)).isEqualTo("edited-in-the-ui");
    assertThat(versions.get(1).getString(1)).isEqualTo(versions.get(0).getString(1));
    assertThat(versions.get(1).isNullAt(2)).isTrue();
  }

  static void deleteRecursively(Path path) throws IOException {
    try (var files = Files.walk(path)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Test
  void killedMidRunThenRerunEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
    Path uninterrupted = dir.resolve("uninterrupted");
    ingest(uninterrupted);
    long batches = countCommits(uninterrupted.resolve("_checkpoints/events"));
    assertThat(batches).as("the events run needs several micro-batches").isGreaterThan(1);

    Path crashed = dir.resolve("crashed");
    Path specFile = Files.writeString(dir.resolve("spec.json"), SPEC);
    Path connectionsFile = Files.writeString(dir.resolve("connections.json"),
        DemoCommand.connectionsJson("e2e", options("${env:E2E_SECRET}")));
    Process child = startCli(List.of("ingest", "--spec", specFile.toString(),
        "--connections", connectionsFile.toString(), "--warehouse", crashed.toString()));
    Path firstCommit = crashed.resolve("_checkpoints/events/commits/0");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(firstCommit) && child.isAlive() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(Files.exists(firstCommit)).as("the child committed a first batch").isTrue();
    assertThat(countCommits(crashed.resolve("_checkpoints/events")))
        .as("killed before the run finished").isLessThan(batches);

    ingest(crashed);
    assertThat(rows(table(crashed, "events"))).isEqualTo(rows(table(uninterrupted, "events")));
    assertThat(rows(table(crashed, "cohorts"))).isEqualTo(rows(table(uninterrupted, "cohorts")));
    assertThat(rows(table(crashed, "profiles"))).isEqualTo(rows(table(uninterrupted, "profiles")));
    assertThat(rows(table(crashed, "cohort_members"))).isEqualTo(rows(table(uninterrupted, "cohort_members")));
  }

  /** The table's content without the read-time column, sorted, for comparison. */
  static List<String> rows(Dataset<Row> table) {
    List<String> rows = new ArrayList<>();
    Dataset<Row> content = table.drop("generated_timestamp");
    for (String line : content.toJSON().collectAsList()) {
      rows.add(line);
    }
    rows.sort(null);
    return rows;
  }

  static long countCommits(Path checkpoint) throws IOException {
    Path commits = checkpoint.resolve("commits");
    if (!Files.isDirectory(commits)) {
      return 0;
    }
    try (var files = Files.list(commits)) {
      return files.filter(p -> p.getFileName().toString().matches("\\d+")).count();
    }
  }

  /** The java command that runs the CLI in a child process with this test's class path. */
  static List<String> javaCommand(String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-Xmx1g",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), MixpanelLakeflowCli.class.getName()));
    return command;
  }

  static Process startCli(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("E2E_SECRET", SECRET);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }
}
