package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/**
 * Requests per table for a first sync of 30 days and an incremental sync one day later, counted
 * from the emulator's request log; {@code docs/api-economy.md} quotes these numbers.
 */
class TestApiEconomy {

  @Test
  void requestsForAFirstSyncOf30DaysAndAnIncrementalSyncADayLater() {
    MutableClock clock = new MutableClock(Instant.parse("2024-06-30T12:00:00Z"));
    EmulatedProject project = EmulatedProject.builder(31).apiSecret("economy-secret")
        .timezone(ZoneId.of("UTC")).createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(20)
        .eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 7, 31))
        .profileCount(2500).cohortCount(3).build();
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project).start()) {
      Map<String, String> options = new HashMap<>();
      options.put("api_secret", "economy-secret");
      options.put("project_timezone", "UTC");
      options.put("historical_days", "30");
      options.put("base_url", emulator.baseUri().toString());

      Map<String, Map<String, Object>> checkpoints = new HashMap<>();
      Map<String, Long> first = sync(emulator, clock, options, checkpoints);
      clock.advance(Duration.ofDays(1));
      Map<String, Long> next = sync(emulator, clock, options, checkpoints);

      // 31 days (30 + today so far) in 7-day windows
      assertThat(first.get("events")).isEqualTo(5);
      // the catch-up of the lookback days since the last sync, and the new day
      assertThat(next.get("events")).isEqualTo(2);
      assertThat(first.get("cohorts")).isEqualTo(1);
      assertThat(next.get("cohorts")).isEqualTo(1);
      // the cohorts list, then one engage page per cohort of at most 1000 members
      assertThat(first.get("cohort_members")).isEqualTo(1 + pages(project));
      assertThat(next.get("cohort_members")).isEqualTo(1 + pages(project));
      // 2500 profiles, 1000 a page; a day later only profiles updated since the first sync's
      // now less the lookback (120 hours)
      assertThat(first.get("engage")).isEqualTo(3);
      String cursor = "2024-06-25T12:00:00";
      long updated = project.profiles().stream()
          .filter(p -> TestProfileTables.lastSeen(p).compareTo(cursor) >= 0).count();
      assertThat(updated).isEqualTo(1174).isLessThan(2500);
      assertThat(next.get("engage")).isEqualTo(Math.max(1, (updated + 999) / 1000));
    }
  }

  static long pages(EmulatedProject project) {
    long pages = 0;
    for (Map<String, Object> cohort : project.cohorts()) {
      int members = project.cohortMembers(((Number) cohort.get("id")).longValue()).size();
      pages += Math.max(1, (members + 999) / 1000);
    }
    return pages;
  }

  /** One sync of every table, as a new run would do it; returns requests per table. */
  static Map<String, Long> sync(
      MixpanelEmulator emulator, MutableClock clock, Map<String, String> options,
      Map<String, Map<String, Object>> checkpoints) {
    Map<String, Long> requests = new HashMap<>();
    for (String table : List.of("events", "cohorts", "cohort_members", "engage")) {
      emulator.clearRequestLog();
      MixpanelConnector connector = new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), clock);
      List<Map<String, Object>> offsets = new ArrayList<>();
      TestMixpanelConnectorContract.readToEnd(connector, table, checkpoints.get(table), offsets);
      if (!offsets.isEmpty()) {
        checkpoints.put(table, offsets.get(offsets.size() - 1));
      }
      requests.put(table, (long) emulator.requestLog().size());
    }
    return requests;
  }
}
