package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/** Late arrivals: what a second sync transfers, and that nothing is lost. */
class TestLateEvents {

  static final Instant FIRST_SYNC = Instant.parse("2024-05-10T12:00:00Z");

  static Map<String, String> options(MixpanelEmulator emulator) {
    Map<String, String> options = new HashMap<>();
    options.put("api_secret", "late-secret");
    options.put("project_timezone", "UTC");
    options.put("historical_days", "9");
    options.put("base_url", emulator.baseUri().toString());
    return options;
  }

  @Test
  void eventImportedThreeDaysLateLandsOnTheNextSyncWhichTransfersOnlyWhatIsNew() {
    MutableClock clock = new MutableClock(FIRST_SYNC);
    EmulatedProject project = EmulatedProject.builder(9001).apiSecret("late-secret")
        .timezone(ZoneId.of("UTC")).createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(50)
        .eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 13)).build();
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project).start()) {
      MixpanelConnector first = new MixpanelConnector(MixpanelConnectorConf.fromOptions(options(emulator)), clock);
      List<Map<String, Object>> offsets = new ArrayList<>();
      List<Map<String, Object>> firstRecords =
          TestMixpanelConnectorContract.readToEnd(first, "events", null, offsets);
      Map<String, Object> checkpoint = offsets.get(offsets.size() - 1);

      // three days later an offline device's event for 2024-05-10 reaches Mixpanel
      clock.advance(Duration.ofDays(3));
      Map<String, Object> late = new LinkedHashMap<>();
      late.put("event", "Offline purchase");
      late.put("properties", Map.of(
          "time", Instant.parse("2024-05-10T08:00:00Z").toEpochMilli(),
          "distinct_id", "late-user", "$insert_id", "late-event-0001", "amount", 42.5));
      emulator.importEvents(9001, List.of(late));
      emulator.clearRequestLog();

      MixpanelConnector second = new MixpanelConnector(MixpanelConnectorConf.fromOptions(options(emulator)), clock);
      List<Map<String, Object>> secondRecords =
          TestMixpanelConnectorContract.readToEnd(second, "events", checkpoint, new ArrayList<>());

      Set<String> secondIds = TestMixpanelConnectorContract.ids(secondRecords);
      assertThat(secondIds).contains("late-event-0001");
      List<Map<String, Object>> expected =
          project.events(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 13), clock.instant());
      Set<String> all = new HashSet<>(TestMixpanelConnectorContract.ids(firstRecords));
      all.addAll(secondIds);
      assertThat(all).as("nothing lost").isEqualTo(idsOf(expected));

      // the second sync re-reads 2024-05-08..10 only for events processed since the first one's
      // watermark (two hours before it): the late event and the rest of 2024-05-10 from 10:00,
      // not the whole days again
      long watermark = FIRST_SYNC.minus(Duration.ofHours(2)).toEpochMilli();
      long sinceWatermark =
          project.events(LocalDate.of(2024, 5, 8), LocalDate.of(2024, 5, 10), clock.instant()).stream()
              .filter(e -> processingTime(e) > watermark)
              .count();
      assertThat(sinceWatermark).as("the late event and 2024-05-10 from 10:00").isBetween(26L, 36L);
      int newDays = project.events(LocalDate.of(2024, 5, 11), LocalDate.of(2024, 5, 13), clock.instant()).size();
      assertThat(secondRecords.size() - newDays)
          .as("events transferred for days already synced")
          .isEqualTo(sinceWatermark);
      List<LoggedRequest> exports = emulator.requestLog().stream()
          .filter(r -> r.path().contains("/export")).toList();
      assertThat(exports).as("one catch-up request and one for the new days").hasSize(2);
      assertThat(exports.get(0).param("from_date")).isEqualTo("2024-05-08");
      assertThat(exports.get(0).param("to_date")).isEqualTo("2024-05-10");
      assertThat(exports.get(0).param("where")).contains("mp_processing_time_ms");
      assertThat(exports.get(1).param("from_date")).isEqualTo("2024-05-11");
      assertThat(exports.get(1).param("to_date")).isEqualTo("2024-05-13");
    }
  }

  @SuppressWarnings("unchecked")
  static long processingTime(Map<String, Object> event) {
    return ((Number) ((Map<String, Object>) event.get("properties")).get("mp_processing_time_ms")).longValue();
  }

  @SuppressWarnings("unchecked")
  static Set<String> idsOf(List<Map<String, Object>> events) {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> ids.add((String) ((Map<String, Object>) e.get("properties")).get("$insert_id")));
    return ids;
  }
}
