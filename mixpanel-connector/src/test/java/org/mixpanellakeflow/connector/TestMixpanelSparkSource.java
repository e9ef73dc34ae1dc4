package org.mixpanellakeflow.connector;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/** {@code format("mixpanel")} and {@code format("lakeflow_connect")} in real Spark, local mode. */
class TestMixpanelSparkSource {

  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(555)
          .apiSecret("spark-source-secret")
          .timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1))
          .eventsPerDay(60)
          .eventDays(TODAY.minusDays(3), TODAY.minusDays(1))
          .cohortCount(2)
          .build();

  static MixpanelEmulator emulator;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(Clock.systemUTC()).project(PROJECT).start();
    spark = SharedSpark.session();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static Map<String, String> options() {
    Map<String, String> options = new HashMap<>();
    options.put("api_secret", "spark-source-secret");
    options.put("project_timezone", "UTC");
    options.put("historical_days", "3");
    options.put("export_window_days", "1");
    options.put("base_url", emulator.baseUri().toString());
    return options;
  }

  @Test
  void readsEventsWithTypedAndCustomProperties() {
    Dataset<Row> events = spark.read().format("mixpanel").options(options())
        .option("tableName", "events").load();
    List<Map<String, Object>> expected = PROJECT.events(TODAY.minusDays(3), TODAY, Instant.now());

    assertThat(events.count()).isEqualTo(expected.size()).isEqualTo(180);
    assertThat(events.rdd().getNumPartitions()).as("one export window per partition").isEqualTo(4);
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) expected.get(0).get("properties");
    Row row = events.where(col("`$insert_id`").equalTo(first.get("$insert_id")))
        .select("properties.time", "properties.`$os`", "properties.custom_properties").first();
    assertThat(row.getLong(0)).isEqualTo(first.get("time"));
    assertThat(row.getString(1)).isEqualTo(first.get("$os"));
    Map<String, String> custom = row.getJavaMap(2);
    assertThat(custom).isNotEmpty().doesNotContainKey("$insert_id").doesNotContainKey("time");
  }

  /** The pipeline adds {@code event_key} to older tables with this SQL; it must agree. */
  @Test
  void computesEveryEventKeyInSqlExactlyAsTheConnectorDoes() {
    Instant now = Instant.parse("2024-06-03T12:00:00Z");
    MutableClock clock = new MutableClock(now);
    EmulatedProject project =
        EmulatedProject.builder(556)
            .apiSecret("event-key-secret")
            .timezone(ZoneId.of("America/Los_Angeles"))
            .createdOn(LocalDate.of(2021, 1, 1))
            .eventsPerDay(40)
            .sharedInsertIdEvery(4)
            .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 2))
            .build();
    try (MixpanelEmulator keys = MixpanelEmulator.builder().clock(clock).project(project).start()) {
      keys.importEvents(
          556,
          List.of(
              Map.of(
                  "event", "Numeric id",
                  "properties",
                  Map.of("time", now.minusSeconds(60).toEpochMilli(), "distinct_id", 123456789L,
                      "$insert_id", "numeric-id-1")),
              Map.of(
                  "event", "Anonymous visit",
                  "properties",
                  Map.of("time", now.minusSeconds(30).toEpochMilli(), "$device_id", "dev-9",
                      "$insert_id", "anonymous-1")),
              Map.of(
                  "event", "Signed in",
                  "properties",
                  Map.of("time", now.minusSeconds(20).toEpochMilli(), "$device_id", "dev-9",
                      "$user_id", "user-9", "$insert_id", "signed-in-1"))));
      Map<String, String> options = new HashMap<>();
      options.put("api_secret", "event-key-secret");
      options.put("project_timezone", "America/Los_Angeles");
      options.put("project_created", "2021-01-01");
      options.put("start_date", "2024-06-01");
      options.put("base_url", keys.baseUri().toString());
      options.put(FixedClockConnectorFactory.FIXED_NOW, now.toString());
      Dataset<Row> events =
          spark.read().format("lakeflow_connect").option("connector", FixedClockConnectorFactory.NAME)
              .options(options).option("tableName", "events").load()
              .selectExpr("event_key", EventKey.BACKFILL + " AS sql_key", "`$insert_id`",
                  "properties.custom_properties['$distinct_id_before_identity'] AS before")
              .cache();

      assertThat(events.count()).isEqualTo(83);
      assertThat(events.where("event_key = sql_key").count()).isEqualTo(83);
      assertThat(events.select("event_key").distinct().count()).as("every event its own row").isEqualTo(83);
      assertThat(events.where("before IS NOT NULL").count()).as("merged anonymous events").isPositive();
      events.unpersist();
    }
  }

  @Test
  void readsCohortsThroughTheGenericSourceWithBooleans() {
    Dataset<Row> cohorts = spark.read().format("lakeflow_connect").option("connector", "mixpanel")
        .options(options()).option("tableName", "cohorts").load();
    List<Map<String, Object>> expected = PROJECT.cohorts();
    assertThat(cohorts.count()).isEqualTo(expected.size());
    Row first = cohorts.where(col("id").equalTo(expected.get(0).get("id"))).first();
    assertThat(first.<Boolean>getAs("is_visible"))
        .isEqualTo(((Number) expected.get(0).get("is_visible")).longValue() != 0);
    assertThat(first.<String>getAs("name")).isEqualTo(expected.get(0).get("name"));
  }

  @Test
  void describesItsTablesThroughTheReservedMetadataTable() {
    List<Row> rows = spark.read().format("mixpanel").options(options())
        .option("tableName", "_community_table_metadata")
        .option("tableNameList", "[\"events\", \"cohorts\"]").load().collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getString(0)).isEqualTo("events");
    assertThat(rows.get(0).getList(1)).containsExactly("event_key");
    assertThat(rows.get(0).getString(2)).isEqualTo("properties.time");
    assertThat(rows.get(0).getString(3)).isEqualTo("cdc");
    assertThat(rows.get(1).getString(0)).isEqualTo("cohorts");
    assertThat(rows.get(1).getString(3)).isEqualTo("snapshot");
  }
}
