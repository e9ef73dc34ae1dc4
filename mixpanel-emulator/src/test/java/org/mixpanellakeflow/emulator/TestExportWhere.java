package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;
import static org.mixpanellakeflow.emulator.TestExportEndpoint.assertError;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestExportWhere {
  private static final LocalDate DAY = LocalDate.of(2024, 6, 2);
  /** A project in Zurich (UTC+2 in June), so datetime("...") literals differ from UTC. */
  private static final EmulatedProject PROJECT = EmulatedProject.builder(1101)
      .apiSecret("where-secret")
      .timezone(ZoneId.of("Europe/Zurich"))
      .eventsPerDay(120)
      .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 3))
      .build();
  /** A legacy project: its exported times are shifted, its $time in expressions is not. */
  private static final EmulatedProject LEGACY = EmulatedProject.builder(1102)
      .apiSecret("legacy-where-secret")
      .timezone(ZoneId.of("Asia/Tokyo"))
      .createdOn(LocalDate.of(2021, 3, 1))
      .eventsPerDay(48)
      .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 3))
      .build();

  private static MixpanelEmulator emulator;
  private static EmulatorHttpClient http;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(PROJECT).project(LEGACY).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void keepsEventsProcessedAfterAWatermark() {
    List<Map<String, Object>> truth = PROJECT.events(DAY, DAY, NOW);
    long watermark = (Long) properties(truth.get(40)).get("mp_processing_time_ms");

    List<Map<String, Object>> served = export(PROJECT, "number(properties[\"mp_processing_time_ms\"]) > " + watermark);

    assertThat(served).isEqualTo(filter(truth, event -> (Long) properties(event).get("mp_processing_time_ms") > watermark))
        .hasSizeLessThan(truth.size() - 40 + 1);
  }

  @Test
  void cutsSubDayWindowsWithEpochDatetimes() {
    long from = Instant.parse("2024-06-02T06:00:00Z").getEpochSecond();
    long to = Instant.parse("2024-06-02T12:00:00Z").getEpochSecond();

    List<Map<String, Object>> served = export(PROJECT,
        "properties[\"$time\"] >= datetime(" + from + ") and properties[\"$time\"] < datetime(" + to + ")");

    assertThat(served).isNotEmpty().isEqualTo(filter(PROJECT.events(DAY, DAY, NOW),
        event -> time(event) >= from * 1000 && time(event) < to * 1000));
  }

  @Test
  void readsDatetimeStringsInTheProjectTimezone() {
    // 08:00 in Zurich is 06:00 UTC
    List<Map<String, Object>> served = export(PROJECT, "event[\"$time\"] >= datetime(\"2024-06-02T08:00:00\")");

    long cut = Instant.parse("2024-06-02T06:00:00Z").toEpochMilli();
    assertThat(served).isEqualTo(filter(PROJECT.events(DAY, DAY, NOW), event -> time(event) >= cut));
  }

  @Test
  void comparesTheTrueInstantOfLegacyEvents() {
    long cut = Instant.parse("2024-06-02T00:00:00Z").getEpochSecond();
    long tokyoOffsetMs = 9 * 3_600_000L;

    List<Map<String, Object>> served = export(LEGACY, "properties[\"$time\"] >= datetime(" + cut + ")");

    assertThat(served).isNotEmpty().isEqualTo(
        filter(LEGACY.events(DAY, DAY, NOW), event -> time(event) - tokyoOffsetMs >= cut * 1000));
  }

  @Test
  void combinesStringEqualityDefinedAndIn() {
    List<Map<String, Object>> served = export(PROJECT,
        "(properties[\"mp_country_code\"] == \"CH\" or not defined(properties[\"$city\"]))"
            + " and properties[\"mp_lib\"] in [\"web\", \"swift\"]");

    assertThat(served).isNotEmpty().isEqualTo(filter(PROJECT.events(DAY, DAY, NOW), event -> {
      Map<String, Object> p = properties(event);
      return ("CH".equals(p.get("mp_country_code")) || !p.containsKey("$city"))
          && List.of("web", "swift").contains(p.get("mp_lib"));
    }));
  }

  @Test
  void appliesWhereBeforeEventNamesAndLimit() {
    String where = URLEncoder.encode("properties[\"result_count\"] > 100", StandardCharsets.UTF_8);
    String event = URLEncoder.encode("[\"Search\"]", StandardCharsets.UTF_8);

    List<Map<String, Object>> served = lines(http.get("/api/2.0/export?from_date=2024-06-01&to_date=2024-06-03"
        + "&time_in_ms=true&limit=5&event=" + event + "&where=" + where, basic("where-secret", "")).body());

    assertThat(served).hasSize(5).isEqualTo(filter(PROJECT.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 3), NOW),
        e -> e.get("event").equals("Search") && (Long) properties(e).get("result_count") > 100).subList(0, 5));
  }

  @Test
  void rejectsAnExpressionItCannotParse() {
    assertError(http.get("/api/2.0/export?from_date=2024-06-02&to_date=2024-06-02&where="
            + URLEncoder.encode("properties[\"a\"] == ", StandardCharsets.UTF_8), basic("where-secret", "")),
        400, "Invalid where expression 'properties[\"a\"] == ' at character 20: the expression ends too early");
  }

  private static List<Map<String, Object>> export(EmulatedProject project, String where) {
    String secret = project == PROJECT ? "where-secret" : "legacy-where-secret";
    String query = "/api/2.0/export?from_date=2024-06-02&to_date=2024-06-02&time_in_ms=true&where="
        + URLEncoder.encode(where, StandardCharsets.UTF_8);
    return lines(http.get(query, basic(secret, "")).body());
  }

  private static long time(Map<String, Object> event) {
    return (Long) properties(event).get("time");
  }

  private static List<Map<String, Object>> filter(List<Map<String, Object>> events, Predicate<Map<String, Object>> keep) {
    return events.stream().filter(keep).toList();
  }
}
