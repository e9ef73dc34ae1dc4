package org.mixpanellakeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/** {@code ingest} as a user runs it: files in, Delta tables and a summary per table out. */
class TestIngestCommand {

  @Test
  void ingestsAndReportsRowsAndRequestsPerTable(@TempDir Path dir) throws Exception {
    LocalDate today = LocalDate.now(ZoneId.of("UTC"));
    EmulatedProject project = EmulatedProject.builder(808).apiSecret("ingest-secret")
        .timezone(ZoneId.of("UTC")).createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(40)
        .eventDays(today.minusDays(3), today.minusDays(1)).profileCount(300).cohortCount(2).build();
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(Clock.systemUTC()).project(project).start()) {
      Files.writeString(dir.resolve("spec.json"), "{\"connection_name\": \"prod\", \"objects\": ["
          + "{\"table\": {\"source_table\": \"events\"}}, {\"table\": {\"source_table\": \"cohorts\"}}]}");
      Map<String, String> options = new HashMap<>();
      options.put("api_secret", "ingest-secret");
      options.put("project_timezone", "UTC");
      options.put("historical_days", "3");
      options.put("base_url", emulator.baseUri().toString());
      Files.writeString(dir.resolve("connections.json"), DemoCommand.connectionsJson("prod", options));

      TestCliErrors.Outcome outcome = TestCliErrors.run("ingest", "--spec", dir.resolve("spec.json").toString(),
          "--connections", dir.resolve("connections.json").toString(),
          "--warehouse", dir.resolve("lakehouse").toString());

      assertThat(outcome.exitCode()).as(outcome.err()).isZero();
      Map<String, List<String>> rows = new HashMap<>();
      outcome.out().lines().map(l -> Arrays.asList(l.trim().split("\\s+")))
          .filter(cols -> cols.size() == 6).forEach(cols -> rows.put(cols.get(0), cols));
      long exports = emulator.requestLog().stream().filter(r -> r.path().contains("/export")).count();
      long cohortLists = emulator.requestLog().stream().filter(r -> r.path().contains("/cohorts/list")).count();
      assertThat(rows.get("events")).containsSubsequence("cdc", "120", "120", Long.toString(exports));
      assertThat(rows.get("cohorts")).containsSubsequence("snapshot", "2", "2", Long.toString(cohortLists));
      assertThat(exports).isPositive();
      assertThat(Files.isDirectory(dir.resolve("lakehouse/events/_delta_log"))).isTrue();
    }
  }
}
