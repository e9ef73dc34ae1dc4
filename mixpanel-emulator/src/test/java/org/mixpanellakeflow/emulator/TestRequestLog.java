package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestRequestLog {
  private static final String SA_SECRET = "log-sa-secret-987";
  private static final String PROJECT_SECRET = "log-project-secret-654";

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

  @Test
  void recordsEachAnsweredRequestInOrder() {
    http.get("/api/2.0/export/?from_date=2024-06-01&to_date=2024-06-02&project_id=6001",
        basic("log.sa.mp-service-account", SA_SECRET));
    http.postForm("/api/query/cohorts/list", basic(PROJECT_SECRET, ""), "project_id=6001&workspace_id=7");
    http.get("/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01", basic("wrong", ""));

    assertThat(emulator.requestLog()).containsExactly(
        new LoggedRequest("GET", "/api/2.0/export/",
            Map.of("from_date", "2024-06-01", "to_date", "2024-06-02", "project_id", "6001"), 200),
        new LoggedRequest("POST", "/api/query/cohorts/list", Map.of("project_id", "6001", "workspace_id", "7"), 200),
        new LoggedRequest("GET", "/api/2.0/export", Map.of("from_date", "2024-06-01", "to_date", "2024-06-01"), 401));
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
  void startsAfreshWhenCleared() {
    http.get("/api/2.0/cohorts/list", basic(PROJECT_SECRET, ""));
    emulator.clearRequestLog();
    http.get("/nowhere", basic(PROJECT_SECRET, ""));

    assertThat(emulator.requestLog()).containsExactly(new LoggedRequest("GET", "/nowhere", Map.of(), 404));
  }
}
