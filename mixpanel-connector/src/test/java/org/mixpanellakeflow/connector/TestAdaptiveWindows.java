package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/** No export request is left to return more than {@code max_events_per_request} events. */
class TestAdaptiveWindows {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T23:59:59Z"), ZoneOffset.UTC);

  static List<Map<String, Object>> read(MixpanelEmulator emulator, long projectId, String maxEvents) {
    Map<String, String> options = new HashMap<>();
    options.put("api_secret", "adaptive-" + projectId);
    options.put("project_timezone", "UTC");
    options.put("historical_days", "9");
    options.put("export_window_days", "7");
    options.put("max_events_per_request", maxEvents);
    options.put("base_url", emulator.baseUri().toString());
    MixpanelConnector connector = new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), CLOCK);
    return TestMixpanelConnectorContract.readToEnd(connector, "events", null, new ArrayList<>());
  }

  static EmulatedProject project(long id) {
    return EmulatedProject.builder(id).apiSecret("adaptive-" + id).timezone(ZoneId.of("UTC"))
        .createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(300)
        .eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 10)).build();
  }

  @Test
  void windowsTooLargeAreCutIntoDaysAndLaterWindowsArePlannedSmall() {
    EmulatedProject project = project(61);
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(CLOCK).project(project).start()) {
      List<Map<String, Object>> records = read(emulator, 61, "700");

      assertThat(records).hasSize(3000);
      assertThat(TestMixpanelConnectorContract.ids(records)).hasSize(3000);
      List<LoggedRequest> exports = exports(emulator);
      // 10 days in two even windows of 5; 5 days (1500) -> 3 + 2 days -> 2 + 1 days (600, 300);
      // the 300 a day learnt there lets the rest of the window (2 days, 600) go as it is. The
      // second window is another partition, read as if on another executor: it learns for itself
      assertThat(exports).extracting(r -> r.param("from_date") + ".." + r.param("to_date")).containsExactly(
          "2024-05-01..2024-05-05", "2024-05-01..2024-05-03", "2024-05-01..2024-05-02",
          "2024-05-03..2024-05-03", "2024-05-04..2024-05-05",
          "2024-05-06..2024-05-10", "2024-05-06..2024-05-08", "2024-05-06..2024-05-07",
          "2024-05-08..2024-05-08", "2024-05-09..2024-05-10");
    }
  }

  @Test
  void aDayTooLargeIsCutByTimeWithinTheDay() {
    EmulatedProject project = project(62);
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(CLOCK).project(project).start()) {
      List<Map<String, Object>> records = read(emulator, 62, "100");

      assertThat(records).hasSize(3000);
      assertThat(TestMixpanelConnectorContract.ids(records)).hasSize(3000);
      assertThat(exports(emulator)).anySatisfy(r ->
          assertThat(r.param("where")).contains("properties[\"$time\"] >= datetime("));
    }
  }

  static List<LoggedRequest> exports(MixpanelEmulator emulator) {
    return emulator.requestLog().stream().filter(r -> r.path().contains("/export")).toList();
  }

  @Test
  void maxRecordsPerBatchSizesLaterBatchesByTheVolumeSeen() {
    EmulatedProject project = project(63);
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(CLOCK).project(project).start()) {
      Map<String, String> options = new HashMap<>();
      options.put("api_secret", "adaptive-63");
      options.put("project_timezone", "UTC");
      options.put("historical_days", "9");
      options.put("export_window_days", "3");
      options.put("max_records_per_batch", "700");
      options.put("base_url", emulator.baseUri().toString());
      MixpanelConnector connector = new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), CLOCK);
      List<Map<String, Object>> offsets = new ArrayList<>();
      List<Map<String, Object>> records =
          TestMixpanelConnectorContract.readToEnd(connector, "events", null, offsets);

      assertThat(records).hasSize(3000);
      // the first batch reads one day while the volume is unknown (300 events); then 300 a day
      // allows two days (600) per batch
      assertThat(offsets).extracting(o -> o.get("day")).containsExactly(
          "2024-05-02", "2024-05-04", "2024-05-06", "2024-05-08", "2024-05-10", "2024-05-11");
      assertThat(offsets).allSatisfy(o -> assertThat(
          ((Number) o.get("events_per_day")).longValue()).isIn(0L, 300L));
      assertThat(offsets.get(0)).containsEntry("events_per_day", 0L);
      assertThat(offsets.get(1)).containsEntry("events_per_day", 300L);

      // a new run (a new driver: nothing in memory) sizes its first batch from the offset
      Map<String, Object> resume = new HashMap<>(offsets.get(1));
      MixpanelConnector next = new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), CLOCK);
      assertThat(next.latestOffset("events", Map.of(), resume)).containsEntry("day", "2024-05-06");
    }
  }
}
