package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;
import static org.mixpanellakeflow.emulator.TestEngageEndpoint.props;
import static org.mixpanellakeflow.emulator.TestEngageEndpoint.results;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Legacy projects (created before 2023) around the US fall-back of 2024-11-03, when Los Angeles
 * lives 01:00-02:00 twice: 08:00-09:00 UTC in daylight time (UTC-7), 09:00-10:00 UTC in standard
 * time (UTC-8). Tokyo, without daylight saving, is the contrast.
 */
class TestLegacyDaylightSaving {
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final LocalDate FALL_BACK = LocalDate.of(2024, 11, 3);
  private static final String SA = basic("dst.sa", "dst-sa-secret");

  @Test
  void storesEventsOfTheRepeatedHourInTheirLocalDayWithShiftedTimes() {
    MutableClock clock = new MutableClock(Instant.parse("2024-11-05T12:00:00Z"));
    try (MixpanelEmulator emulator = start(LOS_ANGELES, 0, clock)) {
      emulator.importEvents(3301, List.of(
          event("before midnight", "2024-11-03T06:59:59Z"),
          event("00:30 PDT", "2024-11-03T07:30:00Z"),
          event("01:30 PDT", "2024-11-03T08:30:00Z"),
          event("01:30 PST", "2024-11-03T09:30:00Z"),
          event("02:30 PST", "2024-11-03T10:30:00Z"),
          event("23:59:59 PST", "2024-11-04T07:59:59Z"),
          event("next day", "2024-11-04T08:00:00Z")));
      EmulatorHttpClient http = new EmulatorHttpClient(emulator);

      List<Map<String, Object>> served = export(http, "2024-11-03", "&time_in_ms=true");

      assertThat(served).extracting(e -> e.get("event"))
          .containsExactly("00:30 PDT", "01:30 PDT", "01:30 PST", "02:30 PST", "23:59:59 PST");
      // Mixpanel's "project-time epoch": the local wall-clock time read as if it were UTC
      assertThat(served).extracting(e -> properties(e).get("time")).containsExactly(
          wallClockMs("2024-11-03T00:30:00"), wallClockMs("2024-11-03T01:30:00"), wallClockMs("2024-11-03T01:30:00"),
          wallClockMs("2024-11-03T02:30:00"), wallClockMs("2024-11-03T23:59:59"));
      assertThat(export(http, "2024-11-03", "")).extracting(e -> properties(e).get("time"))
          .contains(wallClockMs("2024-11-03T01:30:00") / 1000);
      // the two 01:30 events share a time; only $time tells them apart
      String afterFallBack = "properties[\"$time\"] >= datetime(" + Instant.parse("2024-11-03T09:00:00Z").getEpochSecond() + ")";
      assertThat(export(http, "2024-11-03", "&where=" + URLEncoder.encode(afterFallBack, StandardCharsets.UTF_8)))
          .extracting(e -> e.get("event")).containsExactly("01:30 PST", "02:30 PST", "23:59:59 PST");
      assertThat(export(http, "2024-11-02", "")).extracting(e -> e.get("event")).containsExactly("before midnight");
      assertThat(export(http, "2024-11-04", "")).extracting(e -> e.get("event")).containsExactly("next day");
    }
  }

  @Test
  void shiftsTimesByAConstantOffsetWhereThereIsNoDaylightSaving() {
    MutableClock clock = new MutableClock(Instant.parse("2024-11-05T12:00:00Z"));
    try (MixpanelEmulator emulator = start(TOKYO, 0, clock)) {
      emulator.importEvents(3301, List.of(event("first", "2024-11-03T08:30:00Z"), event("second", "2024-11-03T09:30:00Z")));

      List<Map<String, Object>> served = export(new EmulatorHttpClient(emulator), "2024-11-03", "&time_in_ms=true");

      assertThat(served).extracting(e -> properties(e).get("time"))
          .containsExactly(wallClockMs("2024-11-03T17:30:00"), wallClockMs("2024-11-03T18:30:00"));
    }
  }

  @Test
  void servesEveryGeneratedEventOfTheLongDayWithTheRepeatedHourTwice() {
    Instant later = Instant.parse("2024-11-05T12:00:00Z");
    try (MixpanelEmulator emulator = start(LOS_ANGELES, 250, new MutableClock(later))) {
      List<Map<String, Object>> served = export(new EmulatorHttpClient(emulator), "2024-11-03", "&time_in_ms=true");

      List<Long> times = served.stream().map(e -> (Long) properties(e).get("time")).toList();
      assertThat(times).hasSize(250)
          .allSatisfy(t -> assertThat(t).isBetween(wallClockMs("2024-11-03T00:00:00"), wallClockMs("2024-11-03T23:59:59")));
      List<Integer> descents = new ArrayList<>();
      for (int i = 1; i < times.size(); i++) {
        if (times.get(i) < times.get(i - 1)) {
          descents.add(i);
        }
      }
      // events come in true-time order; the stored times step back once, when the clocks do
      assertThat(descents).hasSize(1);
      long repeated = times.stream()
          .filter(t -> t >= wallClockMs("2024-11-03T01:00:00") && t < wallClockMs("2024-11-03T02:00:00")).count();
      assertThat(repeated).isBetween(15L, 25L);
    }
  }

  @Test
  void movesLastSeenInUtcThroughTheRepeatedHour() {
    for (ZoneId zone : List.of(LOS_ANGELES, TOKYO)) {
      MutableClock clock = new MutableClock(Instant.parse("2024-11-03T08:30:00Z"));
      try (MixpanelEmulator emulator = start(zone, 0, clock)) {
        EmulatorHttpClient http = new EmulatorHttpClient(emulator);
        List<String> lastSeen = new ArrayList<>();
        for (String now : List.of("08:30:00", "08:59:59", "09:00:00", "09:30:00")) {
          clock.set(Instant.parse("2024-11-03T" + now + "Z"));
          engageSet(http, "p-" + now, "");
          lastSeen.add((String) lastSeen(http, "p-" + now));
        }
        engageSet(http, "p-offline", ",\"$time\":" + Instant.parse("2024-11-03T09:15:00Z").getEpochSecond());

        assertThat(lastSeen).as(zone.getId()).containsExactly(
            "2024-11-03T08:30:00", "2024-11-03T08:59:59", "2024-11-03T09:00:00", "2024-11-03T09:30:00");
        assertThat(lastSeen(http, "p-offline")).isEqualTo("2024-11-03T09:15:00");
        String where = URLEncoder.encode("properties[\"$last_seen\"] >= \"2024-11-03T09:00:00\"", StandardCharsets.UTF_8);
        HttpResponse<String> page = http.postForm("/api/query/engage?project_id=3301", SA, "where=" + where);
        assertThat(results(object(page.body()))).extracting(p -> p.get("$distinct_id"))
            .containsExactly("p-09:00:00", "p-09:30:00", "p-offline");
      }
    }
  }

  private static MixpanelEmulator start(ZoneId zone, int eventsPerDay, MutableClock clock) {
    EmulatedProject project = EmulatedProject.builder(3301).timezone(zone).createdOn(LocalDate.of(2020, 1, 1))
        .serviceAccount("dst.sa", "dst-sa-secret").token("dst-token").profileCount(0).eventsPerDay(eventsPerDay)
        .eventDays(FALL_BACK, FALL_BACK).build();
    return MixpanelEmulator.builder().clock(clock).project(project).start();
  }

  private static Map<String, Object> event(String name, String utc) {
    return Map.of("event", name, "properties", Map.of("time", Instant.parse(utc).toEpochMilli(), "distinct_id", "u-1",
        "$insert_id", "id-" + Instant.parse(utc).getEpochSecond()));
  }

  private static long wallClockMs(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static List<Map<String, Object>> export(EmulatorHttpClient http, String day, String extra) {
    HttpResponse<String> response = http.get(
        "/api/2.0/export?project_id=3301&from_date=" + day + "&to_date=" + day + extra, SA);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return lines(response.body());
  }

  private static void engageSet(EmulatorHttpClient http, String distinctId, String extra) {
    String update = "{\"$token\":\"dst-token\",\"$distinct_id\":\"" + distinctId + "\"" + extra + ",\"$set\":{\"a\":1}}";
    assertThat(http.postJson("/engage", null, update).body()).isEqualTo("1");
  }

  private static Object lastSeen(EmulatorHttpClient http, String distinctId) {
    HttpResponse<String> page = http.postForm("/api/query/engage?project_id=3301", SA, "distinct_id=" + distinctId);
    return props(results(object(page.body())).get(0)).get("$last_seen");
  }
}
