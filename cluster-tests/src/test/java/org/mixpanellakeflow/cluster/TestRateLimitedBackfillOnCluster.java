package org.mixpanellakeflow.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.emulator.RateLimits;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;

/**
 * A 90-day backfill of {@code events} on the multi-JVM cluster against an emulator enforcing a
 * tight export budget (10 an hour, 3 a second), on a scaled clock so that an hour lasts 40
 * seconds: the driver plans budget lanes for the partitions of each batch and carries the
 * requests spent from batch to batch, the executors keep to their lanes, so the run needs more
 * than an hour of budget yet no request is ever refused and none fails; {@code
 * max_records_per_batch} holds with batches sized from the volume the executors reported; and the
 * table equals a single-JVM run's, row for row.
 *
 * <p>The emulator runs on the system clock: its rate windows must pass in real time, and the
 * connector, built by Spark on the executors, reads the system clock too.
 */
@ExtendWith(SparkClusterExtension.class)
class TestRateLimitedBackfillOnCluster {

  static final int DAYS = 90;
  static final int EVENTS_PER_DAY = 100;
  static final int MAX_RECORDS_PER_BATCH = 2000;
  static final int EXPORTS_PER_HOUR = 10;
  static final int EXPORTS_PER_SECOND = 3;
  /** An hour of budget in 40 seconds; a second in 11 ms. */
  static final double TIME_SCALE = 90;
  static final Duration SCALED_HOUR = Duration.ofMillis((long) (3_600_000 / TIME_SCALE));
  static final Duration SCALED_SECOND = Duration.ofMillis((long) Math.ceil(1000 / TIME_SCALE));
  static final String SECRET = "backfill-sa-secret";
  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  /**
   * Events on the 89 days before {@link #TODAY}: inside the {@code historical_days} range whether
   * the connector's "today" (system clock, on the executors) is {@link #TODAY} or, past midnight
   * UTC during the run, the day after.
   */
  static final int EVENT_DAYS = DAYS - 1;
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(9090)
          .serviceAccount("backfill.sa", SECRET)
          .timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1))
          .eventsPerDay(EVENTS_PER_DAY)
          .eventDays(TODAY.minusDays(EVENT_DAYS), TODAY.minusDays(1))
          .build();
  static final String SPEC =
      "{\"connection_name\": \"backfill\", \"objects\": [{\"table\": {\"source_table\": \"events\"}}]}";

  @TempDir static Path dir;
  static MixpanelEmulator limited;
  static MixpanelEmulator unlimited;
  static SparkSession spark;
  static PipelineResult result;
  static Path onCluster;
  static Path inLocalMode;

  @BeforeAll
  static void backfillOnTheClusterAndInLocalMode(SparkCluster cluster) throws Exception {
    limited = MixpanelEmulator.builder().clock(Clock.systemUTC()).project(PROJECT)
        .rateLimits(RateLimits.mixpanel()
            .withExport(EXPORTS_PER_HOUR, EXPORTS_PER_SECOND, 100)
            .withRetryAfter(RateLimits.RetryAfter.ALWAYS)
            .withTimeScale(TIME_SCALE))
        .start();
    unlimited = MixpanelEmulator.builder().clock(Clock.systemUTC()).project(PROJECT).start();
    spark = cluster.session();
    onCluster = dir.resolve("cluster");
    inLocalMode = dir.resolve("local");
    Path spec = Files.writeString(dir.resolve("spec.json"), SPEC);
    Path connections = Files.writeString(dir.resolve("connections.json"), connectionsJson(unlimited, false));
    result = LocalPipelineRun.alongside(spec, connections, inLocalMode, Duration.ofMinutes(8), () ->
        new PipelineRunner(spark, onCluster.toString())
            .run(PipelineSpec.parse(SPEC), Connections.parse(connectionsJson(limited, true), Map.of())));
  }

  @AfterAll
  static void stopEmulators() {
    for (MixpanelEmulator emulator : new MixpanelEmulator[] {limited, unlimited}) {
      if (emulator != null) {
        emulator.close();
      }
    }
  }

  static String connectionsJson(MixpanelEmulator emulator, boolean budget) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ObjectNode connection = root.putObject("connections").putObject("backfill");
    connection.put("connector", "mixpanel");
    ObjectNode options = connection.putObject("options");
    options.put("username", "backfill.sa");
    options.put("secret", SECRET);
    options.put("project_id", "9090");
    options.put("project_timezone", "UTC");
    options.put("historical_days", String.valueOf(DAYS));
    options.put("export_window_days", "7");
    options.put("max_records_per_batch", String.valueOf(MAX_RECORDS_PER_BATCH));
    options.put("base_url", emulator.baseUri().toString());
    if (budget) {
      options.put("export_requests_per_hour", String.valueOf(EXPORTS_PER_HOUR));
      options.put("rate_limit_time_scale", String.valueOf(TIME_SCALE));
    }
    return root.toString();
  }

  static List<LoggedRequest> exports(MixpanelEmulator emulator) {
    return emulator.requestLog().stream().filter(exportRequests()).toList();
  }

  /** The events table without the read-time column, as sorted JSON lines. */
  static List<String> rows(Path warehouse) {
    List<String> rows = new java.util.ArrayList<>(
        spark.read().format("delta").load(warehouse.resolve("events").toString())
            .drop("generated_timestamp").toJSON().collectAsList());
    rows.sort(null);
    return rows;
  }

  static String timeline(List<LoggedRequest> exports) {
    StringBuilder text = new StringBuilder();
    for (LoggedRequest request : exports) {
      text.append(Duration.between(exports.get(0).receivedAt(), request.receivedAt()).toMillis())
          .append(" ms ").append(request.status()).append(' ')
          .append(request.param("from_date")).append("..").append(request.param("to_date")).append('\n');
    }
    return text.toString();
  }

  static Predicate<LoggedRequest> exportRequests() {
    return r -> r.path().contains("/export");
  }

  @Test
  void needsMoreThanAnHourOfBudgetYetNoRequestIsEverRefused() {
    List<LoggedRequest> exports = exports(limited);

    assertThat(exports).as("export requests").hasSizeGreaterThan(EXPORTS_PER_HOUR);
    assertThat(exports).filteredOn(LoggedRequest::wasRateLimited)
        .as("refused with 429; every export, ms after the first, with its status:%n%s", timeline(exports))
        .isEmpty();
    assertThat(limited.maxRequestsInAnyWindow(exportRequests(), SCALED_HOUR))
        .as("most exports in any (scaled) hour").isLessThanOrEqualTo(EXPORTS_PER_HOUR);
    assertThat(limited.maxRequestsInAnyWindow(exportRequests(), SCALED_SECOND))
        .as("most exports in any (scaled) second").isLessThanOrEqualTo(EXPORTS_PER_SECOND);
    Duration spread = Duration.between(exports.get(0).receivedAt(), exports.get(exports.size() - 1).receivedAt());
    assertThat(spread).as("the run waited for budget").isGreaterThan(SCALED_HOUR);
  }

  @Test
  void landedEveryEventOnceAndEqualsTheSingleJvmRunRowForRow() {
    long expected = (long) EVENT_DAYS * EVENTS_PER_DAY;
    assertThat(result.table("events").rowsRead()).isEqualTo(expected);
    assertThat(spark.read().format("delta").load(onCluster.resolve("events").toString()).count())
        .isEqualTo(expected);
    assertThat(rows(onCluster)).isEqualTo(rows(inLocalMode));
  }

  /**
   * Every write inserted at most {@code max_records_per_batch} rows, and the batches after the
   * first were sized from the volume the executors reported (a driver that never learns it reads
   * one export window, 700 rows, per batch).
   */
  @Test
  void maxRecordsPerBatchHoldsWithBatchesSizedFromTheVolumeSeenOnExecutors() {
    // the first batch into the empty table is an append (WRITE), every later one a MERGE
    List<Row> merges = spark.sql("DESCRIBE HISTORY delta.`" + onCluster.resolve("events") + "`")
        .where("operation IN ('MERGE', 'WRITE')")
        .selectExpr("CAST(coalesce(operationMetrics['numTargetRowsInserted'],"
            + " operationMetrics['numOutputRows']) AS BIGINT) AS inserted")
        .collectAsList();
    List<Long> inserted = merges.stream().map(r -> r.getLong(0)).toList();

    assertThat(inserted).as("rows inserted per micro-batch").isNotEmpty()
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(MAX_RECORDS_PER_BATCH));
    assertThat(inserted.stream().mapToLong(Long::longValue).sum()).isEqualTo((long) EVENT_DAYS * EVENTS_PER_DAY);
    assertThat(inserted).as("batches of the size the cap allows").contains((long) MAX_RECORDS_PER_BATCH);
  }

  /** The volume and the requests spent live in the checkpoint, for the next run's driver. */
  @Test
  void checkpointCarriesTheVolumeAndTheRequestsSpent() throws Exception {
    Path offsets = onCluster.resolve("_checkpoints/events/offsets");
    long last;
    try (var files = Files.list(offsets)) {
      last = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
          .mapToLong(Long::parseLong).max().orElseThrow();
    }
    String offset = Files.readString(offsets.resolve(Long.toString(last)));
    assertThat(offset).contains("\"events_per_day\":" + EVENTS_PER_DAY).contains("\"export_spent\":\"1");
  }
}
