package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;
import static org.mixpanellakeflow.emulator.TestEngageEndpoint.props;
import static org.mixpanellakeflow.emulator.TestImportEndpoint.json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestTokenIngestion {
  private static final String TOKEN = "sdk-token";
  private static final String TOKEN_SECRET = "sdk-project-secret";

  private MutableClock clock;
  private EmulatedProject project;
  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.parse("2024-06-10T12:00:00Z"));
    project = EmulatedProject.builder(2801).token(TOKEN).apiSecret(TOKEN_SECRET).profileCount(20).eventsPerDay(0)
        .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 9)).build();
    emulator = MixpanelEmulator.builder().clock(clock).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void tracksBase64EventsFromTheQueryStringAndForms() {
    String event = json(List.of(Map.of("event", "Opened App", "properties",
        Map.of("token", TOKEN, "distinct_id", "u-1", "time", clock.millis() / 1000 - 60))));
    String data = URLEncoder.encode(Base64.getEncoder().encodeToString(event.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);

    assertThat(http.get("/track?data=" + data, null).body()).isEqualTo("1");
    assertThat(object(http.postForm("/track/?verbose=1", null, "data=" + data).body()))
        .containsEntry("status", 1L).containsEntry("error", null);

    List<Map<String, Object>> today = project.events(LocalDate.of(2024, 6, 10), LocalDate.of(2024, 6, 10), clock.instant());
    assertThat(today).hasSize(2).allSatisfy(e -> assertThat(properties(e))
        .containsEntry("distinct_id", "u-1").containsEntry("mp_processing_time_ms", clock.millis())
        .doesNotContainKeys("$import", "token"));
  }

  @Test
  void rejectsEventsOlderThanFiveDaysAndUnknownTokens() {
    long sixDaysAgo = clock.millis() - Duration.ofDays(6).toMillis();
    String old = json(Map.of("event", "Old", "properties", Map.of("token", TOKEN, "distinct_id", "u", "time", sixDaysAgo)));
    String stranger = json(Map.of("event", "E", "properties", Map.of("token", "nope", "distinct_id", "u")));

    assertThat(http.postJson("/track", null, old).body()).isEqualTo("0");
    assertThat(object(http.postJson("/track?verbose=1", null, old).body())).containsEntry("status", 0L)
        .containsEntry("error", "record 0: 'properties.time' is invalid: /track accepts events of the last 5 days;"
            + " send older ones to /import");
    assertThat(object(http.postJson("/track?verbose=1", null, stranger).body()))
        .containsEntry("error", "record 0: missing or unknown project token");
    assertThat(project.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 10), clock.instant())).isEmpty();
  }

  @Test
  void movesLastSeenOnUpdatesUnlessIgnoreTimeIsSet() {
    String id = (String) project.profiles().get(3).get("$distinct_id");
    Map<String, Object> before = props(project.profiles().get(3));
    clock.advance(Duration.ofHours(1));

    assertThat(engage(Map.of("$token", TOKEN, "$distinct_id", id, "$set", Map.of("plan", "vip")))).isEqualTo("1");
    Map<String, Object> afterSet = profile(id);
    clock.advance(Duration.ofHours(1));
    engage(Map.of("$token", TOKEN, "$distinct_id", id, "$ignore_time", true, "$set", Map.of("plan", "quiet")));

    assertThat(afterSet).containsEntry("plan", "vip").containsEntry("$last_seen", "2024-06-10T13:00:00")
        .containsEntry("$created", before.get("$created"));
    assertThat(profile(id)).containsEntry("plan", "quiet").containsEntry("$last_seen", "2024-06-10T13:00:00");
  }

  @Test
  void movesLastSeenBackToThePastTimeOfAnOfflineUpdateSoALaterCursorMissesIt() {
    String id = (String) project.profiles().get(5).get("$distinct_id");
    engage(Map.of("$token", TOKEN, "$distinct_id", id, "$set", Map.of("plan", "free")));
    // a sync reads at 12:00 and keeps "2024-06-10T12:00:00" as its cursor
    String cursor = "2024-06-10T12:00:00";
    clock.advance(Duration.ofMinutes(30));
    // a phone back online flushes an update made an hour ago, with its original time
    long anHourAgo = clock.instant().minus(Duration.ofHours(1)).getEpochSecond();
    engage(Map.of("$token", TOKEN, "$distinct_id", id, "$time", anHourAgo, "$set", Map.of("plan", "paid")));

    assertThat(profile(id)).containsEntry("plan", "paid").containsEntry("$last_seen", "2024-06-10T11:30:00");
    assertThat(engageIdsWhere("properties[\"$last_seen\"] >= \"" + cursor + "\"")).doesNotContain(id);
    // only a margin reaching back past the offline update catches it
    assertThat(engageIdsWhere("properties[\"$last_seen\"] >= \"2024-06-10T10:00:00\"")).contains(id);
  }

  @Test
  void appliesEveryProfileOperation() {
    engage(Map.of("$token", TOKEN, "$distinct_id", "new-user", "$set", Map.of("$email", "n@example.com", "tags", List.of("a"))));
    engage(Map.of("$token", TOKEN, "$distinct_id", "new-user", "$set_once", Map.of("$email", "other@example.com", "first", 1)));
    engage(Map.of("$token", TOKEN, "$distinct_id", "new-user", "$add", Map.of("visits", 2, "first", 1.5)));
    engage(Map.of("$token", TOKEN, "$distinct_id", "new-user", "$union", Map.of("tags", List.of("a", "b"))));
    engage(Map.of("$token", TOKEN, "$distinct_id", "new-user", "$remove", Map.of("tags", "a")));
    engage(Map.of("$token", TOKEN, "$distinct_id", "new-user", "$unset", List.of("visits")));

    assertThat(profile("new-user")).containsEntry("$email", "n@example.com").containsEntry("first", 2.5)
        .containsEntry("tags", List.of("b")).doesNotContainKey("visits").containsEntry("$last_seen", "2024-06-10T12:00:00");
    assertThat(project.profiles()).hasSize(21).last().satisfies(p -> assertThat(p.get("$distinct_id")).isEqualTo("new-user"));

    engage(Map.of("$token", TOKEN, "$distinct_id", "new-user", "$delete", ""));
    assertThat(project.profiles()).hasSize(20);
  }

  @Test
  void refusesMalformedUpdatesWhole() {
    Map<String, Object> good = Map.of("$token", TOKEN, "$distinct_id", "a", "$set", Map.of("x", 1));
    Map<String, Object> twoOperations = Map.of("$token", TOKEN, "$distinct_id", "b", "$set", Map.of(), "$unset", List.of());

    String answer = http.postJson("/engage?verbose=1", null, json(List.of(good, twoOperations))).body();

    assertThat((String) object(answer).get("error")).startsWith("record 1: an update needs exactly one of [$add, $append,"
        + " $delete, $remove, $set, $set_once, $union, $unset], found ");
    assertThat(project.profiles()).hasSize(20);
    assertThatThrownBy(() -> emulator.updateProfiles(2801, List.of(Map.of("$set", Map.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot apply profile update 0 to project 2801: $distinct_id is required and must be a non-empty string");
  }

  @Test
  void updatesProfilesThroughTheJavaApi() {
    String id = (String) project.profiles().get(0).get("$distinct_id");

    emulator.updateProfiles(2801, List.of(Map.of("$distinct_id", id, "$set", Map.of("score", 7))));

    assertThat(profile(id)).containsEntry("score", 7L).containsEntry("$last_seen", "2024-06-10T12:00:00");
  }

  private String engage(Map<String, Object> update) {
    String data = URLEncoder.encode(Base64.getEncoder().encodeToString(json(update).getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
    return http.postForm("/engage", null, "data=" + data).body();
  }

  private List<Object> engageIdsWhere(String where) {
    String form = "where=" + URLEncoder.encode(where, StandardCharsets.UTF_8);
    Map<String, Object> page = object(http.postForm("/api/query/engage", EmulatorHttpClient.basic(TOKEN_SECRET, ""), form)
        .body());
    return TestEngageEndpoint.results(page).stream().map(p -> p.get("$distinct_id")).toList();
  }

  private Map<String, Object> profile(String id) {
    return project.profiles().stream().filter(p -> id.equals(p.get("$distinct_id"))).map(TestEngageEndpoint::props)
        .findFirst().orElseThrow();
  }
}
