package org.mixpanellakeflow.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.Lakehouse;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the embedded emulator on a free loopback port, ingests all four tables into local Delta
 * tables and checks them against what the emulator generated.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest events, cohorts, cohort members and user profiles from an embedded Mixpanel",
      "emulator into local Delta tables,",
      "then check the tables against what the emulator generated. Run it twice: the second",
      "run continues from the checkpoints and adds nothing."
    })
final class DemoCommand implements Callable<Integer> {

  static final long PROJECT_ID = 4_200_042L;
  static final String SERVICE_ACCOUNT = "demo.lakeflow.mp-service-account";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--warehouse", defaultValue = "lakehouse",
      description = "Folder of Delta tables, one per table (default: ${DEFAULT-VALUE}).")
  Path warehouse;

  @Option(names = "--days", defaultValue = "10",
      description = "Days of history the emulator holds and the first sync reads (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--events-per-day", defaultValue = "1000",
      description = "Events the emulator generates per day (default: ${DEFAULT-VALUE}).")
  int eventsPerDay;

  @Option(names = "--profiles", defaultValue = "2000",
      description = "User profiles the emulator holds (default: ${DEFAULT-VALUE}).")
  int profiles;

  @Option(names = "--seed", defaultValue = "42",
      description = "Seed of the generated data; the same seed serves the same data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--skip-check",
      description = "Do not compare the tables with the emulator's data (for timing large runs).")
  boolean skipCheck;

  @Option(names = "--verbose", description = "Show progress logs and stack traces.")
  boolean verbose;

  @Override
  public Integer call() {
    if (days < 1 || eventsPerDay < 0 || profiles < 0) {
      throw new CliException("--days must be 1 or more, --events-per-day and --profiles 0 or more");
    }
    Logging.configure(verbose);
    // Mixpanel cuts days in UTC for projects created from 2023; the demo project is one of them.
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate first = today.minusDays(days);
    LocalDate last = today.minusDays(1);
    // The demo's secret is random per run: nothing to leak, and nothing to hard-code.
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    EmulatedProject project =
        EmulatedProject.builder(PROJECT_ID)
            .serviceAccount(SERVICE_ACCOUNT, secret)
            .timezone(ZoneId.of("UTC"))
            .createdOn(LocalDate.of(2024, 1, 1))
            .seed(seed)
            .eventsPerDay(eventsPerDay)
            .eventDays(first, last)
            .profileCount(profiles)
            .cohortCount(5)
            .build();
    String warehouseDir = warehouse.toAbsolutePath().normalize().toString();
    var out = spec.commandLine().getOut();
    try (MixpanelEmulator emulator =
        MixpanelEmulator.builder().clock(Clock.systemUTC()).project(project).start()) {
      out.printf("Emulator: project %d at %s, events %s..%s (%d a day)%n",
          PROJECT_ID, emulator.baseUri(), first, last, eventsPerDay);
      out.printf("Warehouse: %s%n", warehouseDir);
      Map<String, String> options = new LinkedHashMap<>();
      options.put("username", SERVICE_ACCOUNT);
      options.put("secret", secret);
      options.put("project_id", Long.toString(PROJECT_ID));
      options.put("project_timezone", "UTC");
      options.put("historical_days", Integer.toString(days));
      options.put("base_url", emulator.baseUri().toString());
      Connections connections = Connections.parse(connectionsJson("demo_mixpanel", options), Map.of());
      PipelineSpec pipeline = PipelineSpec.parse(
          "{\"connection_name\": \"demo_mixpanel\", \"objects\": ["
              + "{\"table\": {\"source_table\": \"events\"}},"
              + "{\"table\": {\"source_table\": \"cohorts\"}},"
              + "{\"table\": {\"source_table\": \"cohort_members\"}},"
              + "{\"table\": {\"source_table\": \"engage\"}}]}");
      SparkSession spark = Lakehouse.localSession(warehouseDir);
      try {
        PipelineResult result = new PipelineRunner(spark, warehouseDir).run(pipeline, connections);
        Summary.print(out, result);
        if (skipCheck) {
          return 0;
        }
        return DemoCheck.verify(out, spark, warehouseDir, project, first, last, Instant.now(),
            result, emulator.requestLog().size());
      } finally {
        spark.stop();
      }
    }
  }

  /** A connections file's content, built in memory so the demo's secret never touches disk. */
  static String connectionsJson(String name, Map<String, String> options) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode connection = root.putObject("connections").putObject(name);
    connection.put("connector", "mixpanel");
    ObjectNode opts = connection.putObject("options");
    options.forEach(opts::put);
    return root.toString();
  }
}
