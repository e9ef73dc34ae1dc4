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
    spark = SparkSession.builder().master("local[2]").appName("mixpanel-source-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
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
    assertThat(rows.get(0).getList(1)).containsExactly("$insert_id");
    assertThat(rows.get(0).getString(2)).isEqualTo("properties.time");
    assertThat(rows.get(0).getString(3)).isEqualTo("cdc");
    assertThat(rows.get(1).getString(0)).isEqualTo("cohorts");
    assertThat(rows.get(1).getString(3)).isEqualTo("snapshot");
  }
}
