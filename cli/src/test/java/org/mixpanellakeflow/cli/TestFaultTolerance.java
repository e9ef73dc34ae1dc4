package org.mixpanellakeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.Fault;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.Lakehouse;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;

/** A 429 storm, cut connections and truncated bodies end with the same tables as a clean run. */
class TestFaultTolerance {

  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(4040).apiSecret("faults-secret").timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(120)
          .eventDays(TODAY.minusDays(6), TODAY.minusDays(1))
          .profileCount(1500).cohortCount(2).build();
  static final String SPEC =
      "{\"connection_name\": \"faults\", \"objects\": [{\"table\": {\"source_table\": \"events\"}},"
          + " {\"table\": {\"source_table\": \"cohort_members\"}},"
          + " {\"table\": {\"source_table\": \"engage\"}}]}";

  static MixpanelEmulator emulator;
  static SparkSession spark;
  @TempDir static Path sessionDir;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(Clock.systemUTC()).project(PROJECT).start();
    spark = Lakehouse.localSession(sessionDir.toString());
    // small test tables: two shuffle partitions keep each sync quick on two cores
    spark.conf().set("spark.sql.shuffle.partitions", "2");
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static void ingest(Path warehouse) {
    Map<String, String> options = new HashMap<>();
    options.put("api_secret", "faults-secret");
    options.put("project_timezone", "UTC");
    options.put("historical_days", "6");
    options.put("export_window_days", "2");
    options.put("base_url", emulator.baseUri().toString());
    Connections connections = Connections.parse(DemoCommand.connectionsJson("faults", options), Map.of());
    new PipelineRunner(spark, warehouse.toString()).run(PipelineSpec.parse(SPEC), connections);
  }

  @Test
  void stormsAndBrokenBodiesEndWithTheSameTablesAsACleanRun(@TempDir Path dir) {
    Path clean = dir.resolve("clean");
    ingest(clean);

    emulator.clearRequestLog();
    emulator.faults().on("/api/2.0/export").times(3).respond(Fault.rateLimited(Duration.ofSeconds(1)));
    emulator.faults().on("/api/2.0/export").times(1).respond(Fault.terminatedEarly(40));
    emulator.faults().on("/api/2.0/export").times(1).respond(Fault.resetAfterLines(25));
    emulator.faults().on("/api/2.0/export").times(1).respond(Fault.status(503));
    emulator.faults().on("/api/query/engage").times(2).respond(Fault.rateLimited());
    emulator.faults().on("/api/query/engage").withParam("page", "1").times(1).respond(Fault.status(502));
    emulator.faults().on("/api/query/cohorts/list").times(1).respond(Fault.rateLimited(Duration.ofSeconds(1)));
    Path faulty = dir.resolve("faulty");
    ingest(faulty);

    assertThat(emulator.faults().pendingFirings()).as("every scripted fault was served").isZero();
    List<LoggedRequest> failed = emulator.requestLog().stream().filter(r -> r.fault().isPresent()).toList();
    assertThat(failed).hasSizeGreaterThanOrEqualTo(10);
    for (String table : List.of("events", "cohort_members", "engage")) {
      assertThat(TestEndToEnd.rows(spark.read().format("delta").load(faulty.resolve(table).toString())))
          .as(table)
          .isEqualTo(TestEndToEnd.rows(spark.read().format("delta").load(clean.resolve(table).toString())));
    }
  }
}
