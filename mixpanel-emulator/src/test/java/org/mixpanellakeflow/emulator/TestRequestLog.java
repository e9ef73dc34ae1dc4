package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestRequestLog {
  private static final String SA_SECRET = "log-sa-secret-987";
  private static final String PROJECT_SECRET = "log-project-secret-654";
  private static final String EXPORT = "/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01";

  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @BeforeEach
  void start() {
    EmulatedProject project = EmulatedProject.builder(6001)
        .apiSecret(PROJECT_SECRET)
        .serviceAccount("log.sa.mp-service-account", SA_SECRET)
        .eventsPerDay(5)
        .build();
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static EmulatedProject project(long id) {
    return EmulatedProject.builder(id).apiSecret(PROJECT_SECRET).eventsPerDay(5).build();
  }

  private static Predicate<LoggedRequest> exports() {
    return request -> request.path().startsWith("/api/2.0/export");
  }

  @Test
  void recordsEachAnsweredRequestInOrder() {
    http.get("/api/2.0/export/?from_date=2024-06-01&to_date=2024-06-02&project_id=6001",
        basic("log.sa.mp-service-account", SA_SECRET));
    http.postForm("/api/query/cohorts/list", basic(PROJECT_SECRET, ""), "project_id=6001&workspace_id=7");
    http.get("/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01", basic("wrong", ""));

    assertThat(emulator.requestLog()).containsExactly(
        new LoggedRequest("GET", "/api/2.0/export/",
            Map.of("from_date", "2024-06-01", "to_date", "2024-06-02", "project_id", "6001"), 200, NOW),
        new LoggedRequest("POST", "/api/query/cohorts/list", Map.of("project_id", "6001", "workspace_id", "7"), 200, NOW),
        new LoggedRequest("GET", "/api/2.0/export", Map.of("from_date", "2024-06-01", "to_date", "2024-06-01"), 401, NOW));
  }

  @Test
  void neverRecordsSecrets() {
    http.get("/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01&api_secret=" + PROJECT_SECRET,
        basic(PROJECT_SECRET, ""));
    http.get("/api/2.0/cohorts/list?project_id=6001", basic("log.sa.mp-service-account", SA_SECRET));

    assertThat(emulator.requestLog()).hasSize(2);
    assertThat(emulator.requestLog().get(0).param("api_secret")).isEqualTo("<redacted>");
    assertThat(emulator.requestLog().toString()).doesNotContain(PROJECT_SECRET, SA_SECRET, "Authorization");
  }

  @Test
  void recordsWhenEachRequestArrivedAndKeepsRateLimitedOnes() {
    MutableClock clock = new MutableClock(NOW);
    try (MixpanelEmulator limited = MixpanelEmulator.builder().clock(clock).project(project(6002))
        .rateLimits(RateLimits.mixpanel()).start()) {
      EmulatorHttpClient client = new EmulatorHttpClient(limited);
      for (int i = 0; i < 4; i++) {
        client.get(EXPORT, basic(PROJECT_SECRET, ""));
        clock.advance(Duration.ofMillis(100));
      }

      assertThat(limited.requestLog()).extracting(LoggedRequest::status).containsExactly(200, 200, 200, 429);
      assertThat(limited.requestLog()).extracting(LoggedRequest::receivedAt)
          .containsExactly(NOW, NOW.plusMillis(100), NOW.plusMillis(200), NOW.plusMillis(300));
      assertThat(limited.requestLog()).extracting(LoggedRequest::wasRateLimited).containsExactly(false, false, false, true);
      assertThat(limited.maxRequestsInAnyWindow(r -> true, Duration.ofSeconds(1))).isEqualTo(3);
    }
  }

  @Test
  void countsTheMostRequestsInAnyRollingWindowLeavingOutRateLimitedOnes() {
    MutableClock clock = new MutableClock(NOW);
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project(6002)).start()) {
      EmulatorHttpClient client = new EmulatorHttpClient(emulator);
      emulator.faults().on("/api/2.0/export").nth(4).respond(Fault.rateLimited());
      // at 0 s, 0.5 s, 0.999 s, 1 s (refused), 1 s, then 59:59 and 60:00 minutes after the first
      for (long atMs : new long[] {0, 500, 999, 1_000, 1_000, 3_599_000, 3_600_000}) {
        clock.set(NOW.plusMillis(atMs));
        client.get(EXPORT, basic(PROJECT_SECRET, ""));
      }
      client.get("/api/2.0/cohorts/list", basic(PROJECT_SECRET, ""));

      assertThat(emulator.requestLog()).hasSize(8).filteredOn(LoggedRequest::wasRateLimited).hasSize(1);
      // (t - 1 s, t]: 0.5, 0.999 and 1 s; the refused request does not count
      assertThat(emulator.maxRequestsInAnyWindow(exports(), Duration.ofSeconds(1))).isEqualTo(3);
      // (t - 1 h, t]: everything from 0.5 s to 60:00
      assertThat(emulator.maxRequestsInAnyWindow(exports(), Duration.ofHours(1))).isEqualTo(5);
      assertThat(emulator.maxRequestsInAnyWindow(r -> true, Duration.ofHours(2))).isEqualTo(7);
      assertThat(emulator.maxRequestsInAnyWindow(exports(), Duration.ofMillis(1))).isEqualTo(1);
      assertThatThrownBy(() -> emulator.maxRequestsInAnyWindow(exports(), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Invalid window PT0S: use a positive duration, e.g. PT1H");
    }
  }

  @Test
  void shrinksTheWindowWithTheRateLimitTimeScale() {
    MutableClock clock = new MutableClock(NOW);
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project(6002))
        .rateLimits(RateLimits.mixpanel().withExport(60, 1_000, 100).withTimeScale(3_600)).start()) {
      EmulatorHttpClient client = new EmulatorHttpClient(emulator);
      for (long atMs : new long[] {0, 400, 800, 1_200}) {
        clock.set(NOW.plusMillis(atMs));
        client.get(EXPORT, basic(PROJECT_SECRET, ""));
      }

      // at scale 3600 a rolling hour lasts one second of the clock
      assertThat(emulator.maxRequestsInAnyWindow(exports(), Duration.ofHours(1))).isEqualTo(3);
      assertThat(emulator.maxRequestsInAnyWindow(exports(), Duration.ofHours(2))).isEqualTo(4);
    }
  }

  @Test
  void startsAfreshWhenCleared() {
    http.get("/api/2.0/cohorts/list", basic(PROJECT_SECRET, ""));
    emulator.clearRequestLog();
    http.get("/nowhere", basic(PROJECT_SECRET, ""));

    assertThat(emulator.requestLog()).containsExactly(new LoggedRequest("GET", "/nowhere", Map.of(), 404, NOW));
  }
}
