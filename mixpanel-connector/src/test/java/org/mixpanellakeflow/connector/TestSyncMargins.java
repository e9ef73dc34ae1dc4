package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/**
 * The edges where a sync used to lose data: events processed (or made exportable) near a sync, a
 * connector clock ahead of Mixpanel's, profile updates with a past {@code $time}, and a lookback
 * reaching before the configured start.
 */
class TestSyncMargins {

  static final Instant SYNC = Instant.parse("2024-05-10T12:00:00Z");
  static final String SECRET = "margins-secret";

  static EmulatedProject.Builder project(long id) {
    return EmulatedProject.builder(id)
        .apiSecret(SECRET)
        .timezone(ZoneId.of("UTC"))
        .createdOn(LocalDate.of(2024, 1, 1))
        .eventsPerDay(20)
        .profileCount(50)
        .eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 20));
  }

  static MixpanelConnector connector(MixpanelEmulator emulator, Clock clock, String... extra) {
    Map<String, String> options = new HashMap<>();
    options.put("api_secret", SECRET);
    options.put("project_timezone", "UTC");
    options.put("historical_days", "5");
    options.put("base_url", emulator.baseUri().toString());
    for (int i = 0; i < extra.length; i += 2) {
      options.put(extra[i], extra[i + 1]);
    }
    return new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), clock);
  }

  static Map<String, Object> lateEvent(String insertId, Instant time) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", "Offline purchase");
    event.put("properties", Map.of(
        "time", time.toEpochMilli(), "distinct_id", "late-user", "$insert_id", insertId));
    return event;
  }

  /** Reads {@code table} to the end from {@code checkpoint}; returns the new checkpoint. */
  static Map<String, Object> sync(
      MixpanelConnector connector, String table, Map<String, Object> checkpoint, List<Map<String, Object>> into) {
    List<Map<String, Object>> offsets = new ArrayList<>();
    into.addAll(TestMixpanelConnectorContract.readToEnd(connector, table, checkpoint, offsets));
    return offsets.isEmpty() ? checkpoint : offsets.get(offsets.size() - 1);
  }

  @Test
  void catchesAnEventImportedJustAfterASyncWhenThisClockRunsFifteenMinutesAhead() {
    MutableClock mixpanel = new MutableClock(SYNC);
    Clock ahead = Clock.offset(mixpanel, Duration.ofMinutes(15));
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(mixpanel).project(project(7101).build()).start()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      Map<String, Object> checkpoint = sync(connector(emulator, ahead), "events", null, rows);

      mixpanel.advance(Duration.ofMinutes(1));
      emulator.importEvents(7101, List.of(lateEvent("just-after-sync", SYNC.minus(Duration.ofDays(1)))));
      mixpanel.advance(Duration.ofMinutes(30));
      sync(connector(emulator, ahead), "events", checkpoint, rows);

      assertThat(TestMixpanelConnectorContract.ids(rows)).contains("just-after-sync");
    }
  }

  @Test
  void catchesAnEventThatBecameExportableFifteenMinutesAfterMixpanelProcessedIt() {
    MutableClock clock = new MutableClock(SYNC.minus(Duration.ofMinutes(12)));
    EmulatedProject project = project(7102).exportVisibilityDelay(Duration.ofMinutes(15)).build();
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project).start()) {
      emulator.importEvents(7102, List.of(lateEvent("not-yet-visible", SYNC.minus(Duration.ofHours(3)))));
      clock.advance(Duration.ofMinutes(12));
      List<Map<String, Object>> rows = new ArrayList<>();
      Map<String, Object> checkpoint = sync(connector(emulator, clock), "events", null, rows);
      assertThat(TestMixpanelConnectorContract.ids(rows)).doesNotContain("not-yet-visible");

      clock.advance(Duration.ofMinutes(30));
      sync(connector(emulator, clock), "events", checkpoint, rows);

      assertThat(TestMixpanelConnectorContract.ids(rows)).contains("not-yet-visible");
      List<Map<String, Object>> expected =
          project.events(LocalDate.of(2024, 5, 5), LocalDate.of(2024, 5, 10), clock.instant());
      assertThat(TestMixpanelConnectorContract.ids(rows)).containsAll(TestLateEvents.idsOf(expected));
    }
  }

  @Test
  void neverSweepsDaysBeforeTheConfiguredStart() {
    MutableClock clock = new MutableClock(SYNC);
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project(7103).build()).start()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      Map<String, Object> checkpoint = sync(
          connector(emulator, clock, "historical_days", "2", "lookback_days", "10"), "events", null, rows);
      clock.advance(Duration.ofDays(1));
      sync(connector(emulator, clock, "historical_days", "2", "lookback_days", "10"), "events", checkpoint, rows);

      List<LoggedRequest> exports = TestAdaptiveWindows.exports(emulator);
      assertThat(exports).hasSizeGreaterThanOrEqualTo(2);
      assertThat(exports).allSatisfy(r ->
          assertThat(LocalDate.parse(r.param("from_date"))).isAfterOrEqualTo(LocalDate.of(2024, 5, 8)));
      assertThat(rows).allSatisfy(r -> assertThat(
          ((Number) TestMixpanelConnectorContract.props(r).get("time")).longValue())
          .isGreaterThanOrEqualTo(Instant.parse("2024-05-08T00:00:00Z").toEpochMilli()));
    }
  }

  @Test
  void catchesAProfileUpdateWhoseTimeIsAnHourBeforeTheCursor() {
    catchesAnOfflineProfileUpdate(project(7104).build(), 7104, "project_timezone", "UTC");
  }

  @Test
  void catchesAnOfflineProfileUpdateOfALegacyProjectAheadOfUtc() {
    // created before 2023: Mixpanel's days are Tokyo days, but $last_seen is still UTC
    catchesAnOfflineProfileUpdate(
        project(7105).timezone(ZoneId.of("Asia/Tokyo")).createdOn(LocalDate.of(2021, 3, 1)).build(),
        7105,
        "project_timezone", "Asia/Tokyo", "project_created", "2021-03-01");
  }

  private static void catchesAnOfflineProfileUpdate(EmulatedProject project, long id, String... legacy) {
    MutableClock clock = new MutableClock(SYNC);
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project).start()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      Map<String, Object> checkpoint = sync(connector(emulator, clock, legacy), "engage", null, rows);
      assertThat(rows).hasSize(50);

      // a phone queued this update offline an hour before the sync; it arrives ten minutes later
      clock.advance(Duration.ofMinutes(10));
      String user = (String) project.profiles().get(0).get("$distinct_id");
      emulator.updateProfiles(id, List.of(Map.of(
          "$distinct_id", user,
          "$time", SYNC.minus(Duration.ofHours(1)).toEpochMilli(),
          "$set", Map.of("plan", "offline-upgrade"))));
      rows.clear();
      sync(connector(emulator, clock, legacy), "engage", checkpoint, rows);

      assertThat(rows).filteredOn(r -> user.equals(r.get("$distinct_id"))).singleElement()
          .satisfies(r -> assertThat(custom(r)).containsEntry("plan", "offline-upgrade"));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> custom(Map<String, Object> profile) {
    Map<String, Object> properties = (Map<String, Object>) profile.get("$properties");
    return (Map<String, Object>) properties.get("custom_properties");
  }

  @Test
  void keepsEveryEventThatSharesAnInsertIdAndOneRowEachAcrossIdentityMerges() {
    MutableClock clock = new MutableClock(SYNC);
    EmulatedProject project = project(7106).sharedInsertIdEvery(3).build();
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project).start()) {
      List<Map<String, Object>> first = new ArrayList<>();
      sync(connector(emulator, clock), "events", null, first);
      List<Map<String, Object>> expected =
          project.events(LocalDate.of(2024, 5, 5), LocalDate.of(2024, 5, 10), clock.instant());

      assertThat(first).hasSize(expected.size());
      assertThat(keys(first)).as("one primary key per event Mixpanel keeps").hasSize(expected.size());
      assertThat(TestMixpanelConnectorContract.ids(first))
          .as("$insert_id alone would have collapsed events")
          .hasSizeLessThan(expected.size());

      // identity merge re-attributes an anonymous user's past events; a re-read keeps their keys
      String anonymous = first.stream()
          .map(r -> (String) TestMixpanelConnectorContract.props(r).get("distinct_id"))
          .filter(d -> d != null && d.startsWith("$device:")).findFirst().orElseThrow();
      emulator.mergeIdentities(7106, anonymous, "merged-user-1");
      clock.advance(Duration.ofMinutes(1));
      List<Map<String, Object>> again = new ArrayList<>();
      sync(connector(emulator, clock), "events", null, again);

      assertThat(keys(again)).isEqualTo(keys(first));
      assertThat(again).filteredOn(r -> "merged-user-1".equals(TestMixpanelConnectorContract.props(r).get("distinct_id")))
          .isNotEmpty();
    }
  }

  @Test
  void keepsNumbersAndIdsExactlyAsMixpanelSendsThem() throws Exception {
    MutableClock clock = new MutableClock(SYNC);
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project(7107).build()).start()) {
      // as an SDK would send it: JSON text, so that the numbers keep their form
      String body = "[{\"event\":\"Exact\",\"properties\":{\"time\":"
          + SYNC.minus(Duration.ofHours(1)).toEpochMilli()
          + ",\"distinct_id\":90210,\"$insert_id\":\"exact-1\",\"thousand\":1e3,"
          + "\"big\":123456789012345678901234567890,\"price\":-1.50,\"$screen_height\":\"0123\","
          + "\"$screen_width\":99999999999999999999}}]";
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUri() + "/import"))
              .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                  .encodeToString((SECRET + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
              .header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
              .build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      List<Map<String, Object>> rows = new ArrayList<>();
      sync(connector(emulator, clock), "events", null, rows);

      Map<String, Object> row = rows.stream()
          .filter(r -> "exact-1".equals(r.get("$insert_id"))).findFirst().orElseThrow();
      Map<String, Object> props = TestMixpanelConnectorContract.props(row);
      @SuppressWarnings("unchecked")
      Map<String, Object> custom = (Map<String, Object>) props.get("custom_properties");
      assertThat(props)
          .containsEntry("distinct_id", "90210")
          .doesNotContainKeys("$screen_height", "$screen_width");
      assertThat(custom)
          .containsEntry("thousand", "1e3")
          .containsEntry("big", "123456789012345678901234567890")
          .containsEntry("price", "-1.50")
          .containsEntry("$screen_height", "0123")
          .containsEntry("$screen_width", "99999999999999999999");
    }
  }

  /** The values of the table's declared primary key, which the pipeline merges on. */
  private static Set<Object> keys(List<Map<String, Object>> rows) {
    String key = new MixpanelConnector(
            MixpanelConnectorConf.fromOptions(Map.of("api_secret", SECRET)), Clock.fixed(SYNC, java.time.ZoneOffset.UTC))
        .readTableMetadata("events", Map.of()).primaryKeys().get(0);
    Set<Object> keys = new java.util.HashSet<>();
    rows.forEach(r -> keys.add(r.get(key)));
    return keys;
  }
}
