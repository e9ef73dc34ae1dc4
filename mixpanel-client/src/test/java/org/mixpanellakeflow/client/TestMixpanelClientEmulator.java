package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/** The client against the emulator: an independent implementation of Mixpanel's side. */
class TestMixpanelClientEmulator {

  private static final Instant NOW = Instant.parse("2024-05-10T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final long PROJECT_ID = 4242;
  private static final String API_SECRET = "emu-api-secret-123";
  private static final String SA_USER = "reader.emu.mp-service-account";
  private static final String SA_SECRET = "emu-sa-secret-456";
  private static final LocalDate MAY_1 = LocalDate.of(2024, 5, 1);
  private static final LocalDate MAY_2 = LocalDate.of(2024, 5, 2);

  private static EmulatedProject project;
  private static MixpanelEmulator emulator;

  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeAll
  static void startEmulator() {
    project =
        EmulatedProject.builder(PROJECT_ID)
            .apiSecret(API_SECRET)
            .serviceAccount(SA_USER, SA_SECRET)
            .timezone(ZoneId.of("America/Los_Angeles"))
            .createdOn(LocalDate.of(2024, 1, 15))
            .eventsPerDay(400)
            .eventDays(MAY_1, LocalDate.of(2024, 5, 10))
            .cohortCount(3)
            .build();
    emulator = MixpanelEmulator.builder().clock(CLOCK).project(project).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void clearLog() {
    emulator.clearRequestLog();
  }

  @Test
  void exportReturnsExactlyTheProjectsEventsWithMillisecondTimes() throws IOException {
    List<Map<String, Object>> expected = project.events(MAY_1, MAY_2, NOW);

    try (MixpanelClient client = client(serviceAccount())) {
      List<ExportedEvent> events = read(client.export(ExportRequest.days(MAY_1, MAY_2)));

      assertThat(events).hasSize(expected.size()).hasSize(800);
      List<Map<String, Object>> actual = new ArrayList<>();
      for (ExportedEvent event : events) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event.name());
        line.put("properties", event.properties());
        actual.add(line);
      }
      assertThat(normalized(actual)).isEqualTo(normalized(expected));
      long firstMay1Ms = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
      assertThat(events)
          .allSatisfy(
              e ->
                  assertThat((Long) e.properties().get("time"))
                      .isGreaterThanOrEqualTo(firstMay1Ms));
    }
    LoggedRequest sent = emulator.requestLog().get(0);
    assertThat(sent.param("project_id")).isEqualTo("4242");
    assertThat(sent.param("time_in_ms")).isEqualTo("true");
  }

  @Test
  void exportArrivesGzippedAndIsDecoded() throws IOException {
    long rawBytes = 0;
    ObjectMapper json = new ObjectMapper();
    for (Map<String, Object> event : project.events(MAY_1, MAY_1, NOW)) {
      rawBytes += json.writeValueAsBytes(event).length + 1;
    }

    try (MixpanelClient client = client(serviceAccount())) {
      assertThat(read(client.export(ExportRequest.days(MAY_1, MAY_1)))).hasSize(400);

      long received = client.stats().bytesReceived();
      assertThat(received).isPositive().isLessThan(rawBytes / 3);
    }
  }

  @Test
  void exportFiltersByEventName() {
    String name = (String) project.events(MAY_1, MAY_1, NOW).get(0).get("event");
    long expected =
        project.events(MAY_1, MAY_1, NOW).stream().filter(e -> name.equals(e.get("event"))).count();

    try (MixpanelClient client = client(serviceAccount())) {
      List<ExportedEvent> events =
          read(client.export(ExportRequest.days(MAY_1, MAY_1).withEvents(List.of(name))));

      assertThat(events)
          .hasSize((int) expected)
          .allSatisfy(e -> assertThat(e.name()).isEqualTo(name));
    }
  }

  @Test
  void projectSecretAuthReadsTheSameEventsWithoutProjectId() {
    try (MixpanelClient client = client(projectSecret(API_SECRET))) {
      assertThat(read(client.export(ExportRequest.days(MAY_2, MAY_2)))).hasSize(400);
    }
    assertThat(emulator.requestLog().get(0).param("project_id")).isNull();
  }

  @Test
  void wrongSecretIsAnAuthErrorWithoutTheSecretAndWithoutRetry() {
    String wrong = "not-the-secret-789";

    try (MixpanelClient client = client(projectSecret(wrong))) {
      assertThatThrownBy(() -> client.export(ExportRequest.days(MAY_1, MAY_1)))
          .isInstanceOf(MixpanelAuthException.class)
          .hasMessageStartingWith(
              "Mixpanel /api/2.0/export (window 2024-05-01..2024-05-01) failed with HTTP 401 after"
                  + " 1 attempt")
          .hasMessageContaining(
              "Mixpanel did not accept the credentials: check 'username' and 'secret' (or"
                  + " 'api_secret')")
          .message()
          .doesNotContain(wrong);
    }
    assertThat(emulator.requestLog()).hasSize(1);
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void projectTheAccountCannotReadIsForbiddenAndPointsAtProjectId() {
    try (MixpanelClient client = client(serviceAccount().projectId(PROJECT_ID + 1))) {
      assertThatThrownBy(() -> client.export(ExportRequest.days(MAY_1, MAY_1)))
          .isInstanceOf(MixpanelAuthException.class)
          .hasMessageContaining("failed with HTTP 403 after 1 attempt")
          .hasMessageContaining("check that 'project_id' is right")
          .message()
          .doesNotContain(SA_SECRET);
    }
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void toDateAfterTodayPointsAtProjectTimezone() {
    try (MixpanelClient client = client(serviceAccount())) {
      assertThatThrownBy(() -> client.export(ExportRequest.days(MAY_1, LocalDate.of(2024, 5, 11))))
          .isInstanceOf(MixpanelRequestException.class)
          .hasMessageContaining("failed with HTTP 400 after 1 attempt")
          .hasMessageContaining("to_date cannot be later than today")
          .hasMessageContaining("set 'project_timezone' to the project's timezone");
    }
  }

  @Test
  void listsTheProjectsCohorts() {
    try (MixpanelClient client = client(serviceAccount())) {
      List<Map<String, Object>> cohorts = client.listCohorts();

      assertThat(cohorts).hasSize(3);
      assertThat(normalized(cohorts)).isEqualTo(normalized(project.cohorts()));
    }
    LoggedRequest sent = emulator.requestLog().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/api/query/cohorts/list");
  }

  private MixpanelClient client(MixpanelClientConfig.Builder config) {
    return MixpanelClient.create(config.build(), CLOCK, sleeper, FixtureClients.LOWEST_JITTER);
  }

  private static MixpanelClientConfig.Builder serviceAccount() {
    return MixpanelClientConfig.builder()
        .baseUriOverride(emulator.baseUri())
        .credentials(MixpanelCredentials.serviceAccount(SA_USER, SA_SECRET))
        .projectId(PROJECT_ID)
        .readTimeout(Duration.ofSeconds(30));
  }

  private static MixpanelClientConfig.Builder projectSecret(String secret) {
    return MixpanelClientConfig.builder()
        .baseUriOverride(emulator.baseUri())
        .credentials(MixpanelCredentials.projectSecret(secret))
        .readTimeout(Duration.ofSeconds(30));
  }

  private static List<ExportedEvent> read(ExportStream<ExportedEvent> stream) {
    List<ExportedEvent> events = new ArrayList<>();
    try (stream) {
      stream.forEachRemaining(events::add);
    }
    return events;
  }

  /** Whole numbers as Long and others as Double on both sides, as JSON cannot tell them apart. */
  private static Object normalized(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, normalized(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(normalized(v)));
      return copy;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof JsonNumber number) {
      // the emulator's ground truth holds fractions as doubles; the client keeps their text
      return number.doubleValue();
    }
    if (value instanceof Float) {
      return ((Number) value).doubleValue();
    }
    return value;
  }
}
