package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestIdentityAndDeletion {
  private static final LocalDate FIRST = LocalDate.of(2024, 6, 1);
  private static final LocalDate LAST = LocalDate.of(2024, 6, 9);

  private MutableClock clock;
  private EmulatedProject project;
  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.parse("2024-06-10T12:00:00Z"));
    project = EmulatedProject.builder(2401).apiSecret("identity-secret").eventsPerDay(200)
        .eventDays(FIRST, LAST).build();
    emulator = MixpanelEmulator.builder().clock(clock).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void reattributesPastAnonymousEventsWhenAnEventJoinsDeviceAndUser() {
    Instant beforeMerge = clock.instant();
    String anonymous = firstDistinctIdStartingWith("$device:");
    String device = anonymous.substring("$device:".length());
    long anonymousEvents = count(project.events(FIRST, LAST, beforeMerge), anonymous);
    clock.advance(Duration.ofMinutes(1));

    emulator.importEvents(2401, List.of(Map.of("event", "Logged In", "properties", Map.of(
        "time", clock.millis() - 1_000, "$device_id", device, "$user_id", "user-merged", "$insert_id", "login-1"))));

    List<Map<String, Object>> served = export();
    assertThat(count(served, anonymous)).isZero();
    List<Map<String, Object>> merged = served.stream()
        .filter(e -> anonymous.equals(properties(e).get("$distinct_id_before_identity"))).toList();
    assertThat(merged).hasSize((int) anonymousEvents)
        .allSatisfy(e -> assertThat(properties(e)).containsEntry("distinct_id", "user-merged"));
    assertThat(count(project.events(FIRST, LAST, beforeMerge), anonymous)).isEqualTo(anonymousEvents);
  }

  @Test
  void mergesThroughTheJavaApi() {
    String user = firstDistinctIdStartingWith("user_");

    emulator.mergeIdentities(2401, user, "canonical-7");

    assertThat(count(export(), user)).isZero();
    assertThat(count(export(), "canonical-7")).isPositive();
  }

  @Test
  void removesADeletedUsersEventsFromLaterReads() {
    String user = firstDistinctIdStartingWith("user_");
    Instant beforeDeletion = clock.instant();
    clock.advance(Duration.ofSeconds(5));

    emulator.deleteUser(2401, user);

    assertThat(count(export(), user)).isZero();
    assertThat(count(project.events(FIRST, LAST, clock.instant()), user)).isZero();
    assertThat(count(project.events(FIRST, LAST, beforeDeletion), user)).isPositive();
  }

  @Test
  void deletesUsersThroughTheGdprEndpoint() {
    String user = firstDistinctIdStartingWith("user_");
    String path = "/api/app/data-deletions/v3.0/?token=" + project.token();

    HttpResponse<String> response = http.postJson(path, basic("identity-secret", ""),
        "{\"distinct_ids\": [\"" + user + "\"], \"compliance_type\": \"CCPA\"}");
    HttpResponse<String> wrongToken = http.postJson("/api/app/data-deletions/v3.0?token=other", basic("identity-secret", ""),
        "{\"distinct_ids\": [\"x\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(object(response.body())).containsEntry("status", "ok");
    assertThat(count(export(), user)).isZero();
    assertThat(wrongToken.statusCode()).isEqualTo(400);
    assertThat(object(wrongToken.body())).isEqualTo(
        Map.of("error", "token is required and must be the project's token", "status", "error"));
  }

  @Test
  void storesImportedTimesOfLegacyProjectsShiftedIntoTheirDay() {
    EmulatedProject legacy = EmulatedProject.builder(2402).apiSecret("legacy-import").timezone(ZoneId.of("Asia/Tokyo"))
        .createdOn(LocalDate.of(2020, 1, 1)).eventsPerDay(0).build();
    try (MixpanelEmulator other = MixpanelEmulator.builder().clock(clock).project(legacy).start()) {
      // 2024-06-01T20:00Z is already 2024-06-02 05:00 in Tokyo
      long utc = Instant.parse("2024-06-01T20:00:00Z").toEpochMilli();
      other.importEvents(2402, List.of(Map.of("event", "E", "properties",
          Map.of("time", utc, "distinct_id", "u", "$insert_id", "legacy-1"))));

      List<Map<String, Object>> june2 = legacy.events(LocalDate.of(2024, 6, 2), LocalDate.of(2024, 6, 2), clock.instant());
      assertThat(june2).hasSize(1);
      assertThat(properties(june2.get(0))).containsEntry("time", utc + 9 * 3_600_000L)
          .containsEntry("mp_processing_time_ms", clock.millis());
    }
  }

  private List<Map<String, Object>> export() {
    return lines(http.get("/api/2.0/export?from_date=2024-06-01&to_date=2024-06-10&time_in_ms=true",
        basic("identity-secret", "")).body());
  }

  private String firstDistinctIdStartingWith(String prefix) {
    return project.events(FIRST, FIRST, clock.instant()).stream()
        .map(e -> (String) properties(e).get("distinct_id"))
        .filter(id -> id.startsWith(prefix)).findFirst().orElseThrow();
  }

  private static long count(List<Map<String, Object>> events, String distinctId) {
    return events.stream().filter(e -> distinctId.equals(properties(e).get("distinct_id"))).count();
  }
}
