package org.mixpanellakeflow.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connector.FixedClockConnectorFactory;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/**
 * The JAR task's main logic end to end, as Databricks runs it: a session already started (here by
 * the test), spec and connections read from files, credentials from the environment the job is
 * given, Delta tables out. The emulator stands in for Mixpanel on loopback.
 */
class TestIngestJob {

  /**
   * "Now" for the emulator and, through the fixed-clock connector (mixpanel-connector's test jar,
   * connector {@code mixpanel_fixed_clock}), for the connector on every JVM: the run never reads
   * the wall clock.
   */
  static final Instant EMULATOR_NOW = Instant.parse("2024-06-10T12:00:00Z");
  static final LocalDate TODAY = LocalDate.ofInstant(EMULATOR_NOW, ZoneOffset.UTC);
  static final int DAYS = 2;
  static final int EVENTS_PER_DAY = 30;
  static final String USERNAME = "databricks.job.sa";
  static final String SECRET = "sa-secret-7f3c9e1d2b";
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(31337)
          .serviceAccount(USERNAME, SECRET)
          .timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1))
          .eventsPerDay(EVENTS_PER_DAY)
          .eventDays(TODAY.minusDays(DAYS), TODAY.minusDays(1))
          .cohortCount(1)
          .profileCount(10)
          .build();
  static final String SPEC =
      "{\"connection_name\": \"mixpanel\", \"objects\": [{\"table\": {\"source_table\": \"events\"}}]}";
  /** As databricks/databricks.yml's job cluster sets them from the secret scope. */
  static final Map<String, String> ENV =
      Map.of("MIXPANEL_SA_USERNAME", USERNAME, "MIXPANEL_SA_SECRET", SECRET);

  @Test
  void landsTheTableOnTheSessionItFindsAndKeepsTheSecretOutOfEveryFile(@TempDir Path dir)
      throws IOException {
    SparkSession spark = JobSpark.session();
    try (MixpanelEmulator emulator =
        MixpanelEmulator.builder()
            .clock(Clock.fixed(EMULATOR_NOW, ZoneOffset.UTC))
            .project(PROJECT)
            .start()) {
      Path spec = Files.writeString(dir.resolve("pipeline-spec.json"), SPEC);
      String connectionsText = connectionsJson(emulator);
      Path connections = Files.writeString(dir.resolve("connections.json"), connectionsText);
      Path warehouse = dir.resolve("lakehouse");
      // the spec as a URI (read through Hadoop, as dbfs:/ is), the connections as a path (as
      // /Volumes/... is, through the driver's FUSE mount)
      String[] args = {
        "--spec", spec.toUri().toString(),
        "--connections", connections.toString(),
        "--warehouse", warehouse.toString()
      };

      Outcome first = run(args, ENV);

      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.err()).isEmpty();
      int events = PROJECT.events(TODAY.minusDays(DAYS), TODAY, EMULATOR_NOW).size();
      assertThat(events).isEqualTo(DAYS * EVENTS_PER_DAY);
      assertThat(spark.read().format("delta").load(warehouse.resolve("events").toString()).count())
          .isEqualTo(events);
      assertThat(
              spark.read().format("delta").load(warehouse.resolve("events").toString())
                  .select("event_key").distinct().count())
          .isEqualTo(events);
      List<String> summary = summaryRow(first.out(), "events");
      assertThat(summary.subList(0, 4))
          .containsExactly("events", "cdc", Integer.toString(events), Integer.toString(events));
      assertThat(summary.get(5))
          .as("API requests, as the emulator answered them")
          .isEqualTo(Long.toString(emulator.requestLog().size()));
      // the session is Databricks': found, used and left running
      assertThat(SparkSession.active()).isSameAs(spark);
      assertThat(spark.sparkContext().isStopped()).isFalse();

      assertThat(warehouse.resolve("_checkpoints/events/commits")).isDirectory();
      assertThat(Files.readString(connections)).isEqualTo(connectionsText);
      assertThat(filesContaining(dir, SECRET)).isEmpty();
      assertThat(first.out() + first.err()).doesNotContain(SECRET);
    }
  }

  @Test
  void failsWithTheOneLineErrorWhenTheSecretIsNotInTheEnvironment(@TempDir Path dir)
      throws IOException {
    JobSpark.session();
    Path spec = Files.writeString(dir.resolve("pipeline-spec.json"), SPEC);
    Path connections =
        Files.writeString(dir.resolve("connections.json"), connectionsJson("http://127.0.0.1:9"));
    Map<String, String> env = new HashMap<>(ENV);
    env.remove("MIXPANEL_SA_SECRET");

    Outcome outcome =
        run(
            new String[] {
              "--spec", spec.toString(),
              "--connections", connections.toString(),
              "--warehouse", dir.resolve("lakehouse").toString()
            },
            env);

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err())
        .isEqualTo(
            "error: Environment variable 'MIXPANEL_SA_SECRET' is not set (referenced by option"
                + " 'secret' of connection 'mixpanel'); set it before running the pipeline\n");
    assertThat(dir.resolve("lakehouse")).doesNotExist();
  }

  @Test
  void mainFailsTheTaskWithTheOneLineError() {
    assertThatThrownBy(() -> IngestJob.main(new String[] {"--spec", "/a/spec.json"}))
        .isInstanceOf(IngestJobException.class)
        .hasMessage(
            "Missing --connections (the connections JSON file); " + JobArguments.USAGE)
        .hasNoCause()
        .extracting(e -> ((IngestJobException) e).exitCode())
        .isEqualTo(2);
  }

  record Outcome(int exitCode, String out, String err) {}

  static Outcome run(String[] args, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        IngestJob.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String connectionsJson(MixpanelEmulator emulator) {
    return connectionsJson(emulator.baseUri().toString());
  }

  /** As databricks/connections.json: the service account from ${env:...}, the rest literal. */
  static String connectionsJson(String baseUrl) {
    return "{\"connections\": {\"mixpanel\": {\"connector\": \""
        + FixedClockConnectorFactory.NAME
        + "\", \"options\": {\""
        + FixedClockConnectorFactory.FIXED_NOW
        + "\": \""
        + EMULATOR_NOW
        + "\", "
        + "\"username\": \"${env:MIXPANEL_SA_USERNAME}\","
        + " \"secret\": \"${env:MIXPANEL_SA_SECRET}\","
        + " \"project_id\": \"31337\", \"project_timezone\": \"UTC\","
        + " \"historical_days\": \""
        + DAYS
        + "\", \"base_url\": \""
        + baseUrl
        + "\"}}}}";
  }

  /**
   * The summary line of {@code table}: destination, type, rows read, rows in table, batches, API
   * requests.
   */
  static List<String> summaryRow(String out, String table) {
    return out.lines()
        .map(l -> Arrays.asList(l.trim().split("\\s+")))
        .filter(cols -> cols.get(0).equals(table) && cols.size() == 7)
        .map(cols -> cols.subList(0, 6))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no summary line for " + table + " in:\n" + out));
  }

  static List<Path> filesContaining(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(file), needle) >= 0) {
          found.add(file);
        }
      }
    }
    return found;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
