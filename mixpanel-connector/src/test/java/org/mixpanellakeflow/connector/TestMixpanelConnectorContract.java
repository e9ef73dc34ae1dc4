package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.client.MixpanelAuthException;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.Offsets;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableMetadata;
import org.mixpanellakeflow.connect.TableRead;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/** The contract, checked for each table against the emulator over real HTTP on loopback. */
class TestMixpanelConnectorContract {

  static final Instant NOW = Instant.parse("2024-05-10T15:30:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final LocalDate TODAY = LocalDate.of(2024, 5, 10);
  static final String SECRET = "contract-secret-value";

  static final EmulatedProject PROJECT =
      EmulatedProject.builder(777)
          .serviceAccount("contract.sa", SECRET)
          .timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1))
          .eventsPerDay(40)
          .eventDays(LocalDate.of(2024, 4, 20), TODAY)
          .cohortCount(4)
          .build();

  static MixpanelEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(CLOCK).project(PROJECT).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static Map<String, String> options() {
    Map<String, String> options = new HashMap<>();
    options.put("username", "contract.sa");
    options.put("secret", SECRET);
    options.put("project_id", "777");
    options.put("project_timezone", "UTC");
    options.put("historical_days", "12");
    options.put("export_window_days", "1");
    options.put("base_url", emulator.baseUri().toString());
    return options;
  }

  static MixpanelConnector connector(Map<String, String> options) {
    return new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), CLOCK);
  }

  /** Reads until the offset stops moving; each offset goes through JSON as in a checkpoint. */
  static List<Map<String, Object>> readToEnd(
      MixpanelConnector connector, String table, Map<String, Object> start, List<Map<String, Object>> offsets) {
    List<Map<String, Object>> records = new ArrayList<>();
    Map<String, Object> offset = start;
    for (int calls = 0; calls < 100; calls++) {
      TableRead read = connector.readTable(table, offset, Map.of());
      try (RecordIterator it = read.records()) {
        it.forEachRemaining(records::add);
      }
      Map<String, Object> end = Offsets.fromJson(Offsets.toJson(read.endOffset()));
      if (end == null || end.equals(offset)) {
        return records;
      }
      offsets.add(end);
      offset = end;
    }
    throw new AssertionError("read did not converge in 100 calls");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> props(Map<String, Object> record) {
    return (Map<String, Object>) record.get("properties");
  }

  @Test
  void listsTablesWithSchemasAndMetadata() {
    MixpanelConnector connector = connector(options());
    assertThat(connector.listTables()).containsExactly("events", "cohorts", "cohort_members", "engage");
    assertThat(connector.readTableMetadata("events", Map.of()))
        .isEqualTo(
            new TableMetadata(
                List.of("event_key"),
                "properties.time",
                IngestionType.CDC,
                List.of("generated_timestamp"),
                Map.of("event_key", EventKey.BACKFILL),
                true));
    assertThat(connector.readTableMetadata("cohorts", Map.of()))
        .isEqualTo(
            new TableMetadata(List.of("id"), null, IngestionType.SNAPSHOT)
                .withUntrackedColumns(List.of("generated_timestamp")));
    StructType events = connector.getTableSchema("events", Map.of());
    assertThat(events.fieldNames())
        .containsExactly("event", "$insert_id", "properties", "generated_timestamp", "event_key");
    assertThat(connector.getTableSchema("cohorts", Map.of()).fieldNames())
        .containsExactly("id", "name", "description", "count", "is_visible", "is_dynamic", "created",
            "project_id", "generated_timestamp");
  }

  @Test
  void rejectsUnknownTable() {
    MixpanelConnector connector = connector(options());
    assertThatThrownBy(() -> connector.getTableSchema("funnels", Map.of()))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Unknown table 'funnels': the Mixpanel connector serves events, cohorts, cohort_members,"
                + " engage");
    assertThatThrownBy(() -> connector.readTable("engage ", null, Map.of()))
        .hasMessage(
            "Unknown table 'engage ': the Mixpanel connector serves events, cohorts,"
                + " cohort_members, engage");
  }

  @Test
  void eventsReadTerminatesWithEveryEventOfTheWindowOnce() throws Exception {
    List<Map<String, Object>> offsets = new ArrayList<>();
    List<Map<String, Object>> records = readToEnd(connector(options()), "events", null, offsets);

    List<Map<String, Object>> expected = PROJECT.events(TODAY.minusDays(12), TODAY, NOW);
    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(records).hasSameSizeAs(expected);
    Map<String, Map<String, Object>> byId = new HashMap<>();
    for (Map<String, Object> record : records) {
      assertThat(byId.put((String) record.get("$insert_id"), record)).as("duplicate").isNull();
    }
    ObjectMapper json = new ObjectMapper();
    for (Map<String, Object> event : expected) {
      Map<String, Object> raw = props(event);
      Map<String, Object> record = byId.get((String) raw.get("$insert_id"));
      assertThat(record).as("event %s", raw.get("$insert_id")).isNotNull();
      assertThat(record.get("event")).isEqualTo(event.get("event"));
      Map<String, Object> typed = props(record);
      assertThat(typed.get("time")).isEqualTo(raw.get("time"));
      assertThat(typed.get("distinct_id")).isEqualTo(raw.get("distinct_id"));
      @SuppressWarnings("unchecked")
      Map<String, String> custom = (Map<String, String>) typed.get("custom_properties");
      for (Map.Entry<String, Object> p : raw.entrySet()) {
        if (MixpanelSchemas.EVENT_STANDARD_PROPERTIES.containsKey(p.getKey()) || p.getKey().equals("$insert_id")) {
          continue;
        }
        String text = custom.get(p.getKey());
        if (p.getValue() instanceof String s) {
          assertThat(text).isEqualTo(s);
        } else if (p.getValue() == null) {
          assertThat(custom).containsEntry(p.getKey(), null);
        } else {
          assertThat(json.readTree(text)).as(p.getKey()).isEqualTo(json.readTree(json.writeValueAsString(p.getValue())));
        }
      }
    }
    assertThat(offsets.get(offsets.size() - 1))
        .containsEntry("version", 3L)
        .containsEntry("day", TODAY.plusDays(1).toString())
        .containsEntry(
            "watermark",
            NOW.minus(Duration.ofMinutes(MixpanelOptions.PROCESSING_LAG_MINUTES_DEFAULT))
                .toEpochMilli());
  }

  @Test
  void everyEventColumnIsPopulatedBySomeRecord() {
    List<Map<String, Object>> records = readToEnd(connector(options()), "events", null, new ArrayList<>());
    Set<String> seen = new HashSet<>();
    for (Map<String, Object> record : records) {
      props(record).forEach((k, v) -> {
        if (v != null && !(v instanceof Map<?, ?> m && m.isEmpty())) {
          seen.add(k);
        }
      });
    }
    StructType properties = (StructType) MixpanelSchemas.EVENTS.apply("properties").dataType();
    for (StructField field : properties.fields()) {
      assertThat(seen).as("column properties.%s", field.name()).contains(field.name());
    }
  }

  @Test
  void restartingFromEveryOffsetNeitherLosesNorDuplicates() {
    List<Map<String, Object>> offsets = new ArrayList<>();
    List<Map<String, Object>> all = readToEnd(connector(options()), "events", null, offsets);
    Set<String> allIds = ids(all);
    assertThat(offsets).hasSizeGreaterThan(2);
    // records up to offset k come from one run, the rest from a new run (a new connector
    // instance, as after a restart) starting at offset k
    List<Map<String, Object>> before = new ArrayList<>();
    Map<String, Object> previous = null;
    MixpanelConnector first = connector(options());
    for (Map<String, Object> offset : offsets) {
      TableRead read = first.readTable("events", previous, Map.of());
      try (RecordIterator it = read.records()) {
        it.forEachRemaining(before::add);
      }
      assertThat(read.endOffset()).isEqualTo(offset);
      List<Map<String, Object>> after = readToEnd(connector(options()), "events", offset, new ArrayList<>());
      List<Map<String, Object>> combined = new ArrayList<>(before);
      combined.addAll(after);
      assertThat(ids(combined)).as("restart from %s", offset).isEqualTo(allIds);
      assertThat(combined).as("restart from %s", offset).hasSameSizeAs(all);
      previous = offset;
    }
  }

  @Test
  void cohortsAreOneSnapshot() {
    List<Map<String, Object>> records = readToEnd(connector(options()), "cohorts", null, new ArrayList<>());
    List<Map<String, Object>> expected = PROJECT.cohorts();
    assertThat(records).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Map<String, Object> cohort = expected.get(i);
      Map<String, Object> record = records.get(i);
      assertThat(record.get("id")).isEqualTo(((Number) cohort.get("id")).longValue());
      assertThat(record.get("name")).isEqualTo(cohort.get("name"));
      assertThat(record.get("created")).isEqualTo(cohort.get("created"));
      assertThat(record.get("is_visible")).isEqualTo(((Number) cohort.get("is_visible")).longValue() != 0);
    }
  }

  @Test
  void pacificProjectSyncedAfterUtcMidnightNeverAsksPastItsToday() {
    Instant earlyUtc = Instant.parse("2024-05-11T01:00:00Z"); // still 2024-05-10 in US/Pacific
    EmulatedProject legacy =
        EmulatedProject.builder(778)
            .apiSecret("legacy-project-secret")
            .timezone(ZoneId.of("US/Pacific"))
            .createdOn(LocalDate.of(2021, 6, 1))
            .eventsPerDay(10)
            .eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 11))
            .build();
    Clock clock = Clock.fixed(earlyUtc, ZoneOffset.UTC);
    try (MixpanelEmulator pacific = MixpanelEmulator.builder().clock(clock).project(legacy).start()) {
      Map<String, String> options = new HashMap<>();
      options.put("api_secret", "legacy-project-secret");
      options.put("project_timezone", "US/Pacific");
      options.put("historical_days", "3");
      options.put("project_created", "2021-06-01");
      options.put("base_url", pacific.baseUri().toString());
      MixpanelConnector connector = new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), clock);
      List<Map<String, Object>> records = readToEnd(connector, "events", null, new ArrayList<>());
      assertThat(records).hasSize(legacy.events(LocalDate.of(2024, 5, 7), LocalDate.of(2024, 5, 10), earlyUtc).size());
      // legacy projects export shifted times; normalised, an event happened shortly before
      // Mixpanel processed it (processing time is always true UTC)
      assertThat(records).allSatisfy(record -> {
        long time = (Long) props(record).get("time");
        long processed = (Long) props(record).get("mp_processing_time_ms");
        assertThat(processed - time).isBetween(0L, 120_000L);
      });
      assertThat(pacific.requestLog()).isNotEmpty().allSatisfy(request -> {
        assertThat(request.status()).isEqualTo(200);
        assertThat(LocalDate.parse(request.queryParams().get("to_date"))).isBeforeOrEqualTo(LocalDate.of(2024, 5, 10));
      });
    }
  }

  @Test
  void wrongCredentialsFailWithoutShowingTheSecret() {
    Map<String, String> options = options();
    options.put("secret", "definitely-wrong-secret");
    MixpanelConnector connector = connector(options);
    assertThatThrownBy(() -> {
          try (RecordIterator it = connector.readTable("cohorts", null, Map.of()).records()) {
            it.hasNext();
          }
        })
        .isInstanceOf(MixpanelAuthException.class)
        .hasMessageContaining("401")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("definitely-wrong-secret"));
  }

  static Set<String> ids(List<Map<String, Object>> records) {
    Set<String> ids = new HashSet<>();
    records.forEach(r -> ids.add((String) r.get("$insert_id")));
    return ids;
  }
}
