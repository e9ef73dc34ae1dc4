package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2ScanExecBase;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.Fault;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a Spark user sees of a Mixpanel read: the scan's SQL metrics (requests, bytes, retries,
 * waits), the stream's progress metrics (days behind, watermark lag), and batches cut to whole
 * days by {@code maxRowsPerTrigger}. On a fixed clock, against the emulator.
 */
class TestSourceMetrics {

  static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");
  static final int PER_DAY = 50;
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(771)
          .apiSecret("metrics-secret")
          .timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1))
          .eventsPerDay(PER_DAY)
          .eventDays(LocalDate.of(2024, 6, 4), LocalDate.of(2024, 6, 9))
          .build();

  static MixpanelEmulator emulator;
  static SparkSession spark;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(new MutableClock(NOW)).project(PROJECT).start();
    spark = SparkSession.builder().master("local[2]").appName("mixpanel-metrics-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static Map<String, String> options() {
    Map<String, String> options = new HashMap<>();
    options.put("api_secret", "metrics-secret");
    options.put("project_timezone", "UTC");
    options.put("project_created", "2024-01-01");
    options.put("start_date", "2024-06-04");
    options.put("export_window_days", "1");
    options.put("base_url", emulator.baseUri().toString());
    options.put(FixedClockConnectorFactory.FIXED_NOW, NOW.toString());
    options.put("tableName", "events");
    options.put("connector", FixedClockConnectorFactory.NAME);
    return options;
  }

  @Test
  void aBatchScanCountsItsRequestsRetriesAndBytesAsTheEmulatorSawThem() {
    emulator.clearRequestLog();
    // the first export request is refused once; Retry-After 0 lets the retry go at once
    emulator.faults().on("/api/2.0/export").nth(1).respond(Fault.rateLimited(Duration.ZERO));
    Dataset<Row> events = spark.read().format("lakeflow_connect").options(options()).load();

    assertThat(events.collectAsList()).hasSize(6 * PER_DAY);

    Map<String, SQLMetric> metrics = scanMetrics(events.queryExecution().executedPlan());
    List<LoggedRequest> exports = exports();
    assertThat(metrics.get("apiRequests").value()).isEqualTo(exports.size()).isGreaterThan(1);
    assertThat(metrics.get("apiRetries").value()).isEqualTo(1);
    assertThat(metrics.get("bytesReceived").value()).isGreaterThan(6L * PER_DAY * 100);
    assertThat(metrics.get("malformedLinesSkipped").value()).isZero();
    assertThat(metrics.get("apiRequests").name().get())
        .isEqualTo("Mixpanel API requests (retries included)");
    assertThat(metrics).containsKeys("rateBudgetWaitMs", "retryWaitMs", "splitLinesRejoined");
  }

  @Test
  void maxRowsPerTriggerReadsWholeDaysAndProgressSaysWhereTheStreamStands() throws Exception {
    emulator.clearRequestLog();
    Map<String, String> options = options();
    options.put("maxRowsPerTrigger", String.valueOf(2 * PER_DAY + 10));
    StreamingQuery query =
        spark.readStream().format("lakeflow_connect").options(options).load()
            .writeStream().format("parquet")
            .option("checkpointLocation", dir.resolve("checkpoint").toString())
            .trigger(Trigger.AvailableNow())
            .start(dir.resolve("events").toString());
    query.awaitTermination();

    List<StreamingQueryProgress> batches =
        Arrays.stream(query.recentProgress()).filter(p -> p.numInputRows() > 0).toList();
    // one day while the volume is unknown, then two whole days (110 rows allow 2 x 50), never more
    assertThat(batches)
        .extracting(StreamingQueryProgress::numInputRows)
        .containsExactly((long) PER_DAY, 2L * PER_DAY, 2L * PER_DAY, (long) PER_DAY);
    assertThat(batches)
        .extracting(p -> p.sources()[0].metrics().get("daysBehind"))
        .containsExactly("6", "4", "2", "0");
    StreamingQueryProgress last = query.lastProgress();
    Map<String, String> metrics = last.sources()[0].metrics();
    assertThat(metrics)
        .containsEntry("daysBehind", "0")
        .containsEntry("watermarkLagSeconds", String.valueOf(120 * 60))
        .containsEntry("eventsPerDay", String.valueOf(PER_DAY))
        .containsEntry("apiRequests", String.valueOf(exports().size()))
        .containsEntry("apiRetries", "0");
    assertThat(spark.read().parquet(dir.resolve("events").toString()).count())
        .isEqualTo(6L * PER_DAY);
  }

  private static List<LoggedRequest> exports() {
    return emulator.requestLog().stream().filter(r -> r.path().contains("/export")).toList();
  }

  private static Map<String, SQLMetric> scanMetrics(SparkPlan plan) {
    List<DataSourceV2ScanExecBase> scans = new ArrayList<>();
    collectScans(plan, scans);
    assertThat(scans).hasSize(1);
    return CollectionConverters.asJava(scans.get(0).metrics());
  }

  private static void collectScans(SparkPlan plan, List<DataSourceV2ScanExecBase> scans) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      collectScans(adaptive.executedPlan(), scans);
      return;
    }
    if (plan instanceof DataSourceV2ScanExecBase scan) {
      scans.add(scan);
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      collectScans(child, scans);
    }
  }
}
