package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2ScanExecBase;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.LakeflowException;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The connector's read metrics reach Spark's SQL metrics and the streaming progress, and Spark's
 * read limit ({@code maxRowsPerTrigger}) reaches the connector.
 */
class TestReadMetricsAndLimits {

  private final String dataset = UUID.randomUUID().toString();

  @TempDir Path dir;

  @Test
  void aBatchScanSumsTheConnectorsMetricsOverItsPartitions() {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 5));
    Dataset<Row> df =
        TestSpark.session()
            .read()
            .format("lakeflow_connect")
            .option("connector", "memory")
            .option("dataset", dataset)
            .option("tableName", "cdc")
            .option("records_per_partition", "2")
            .load();

    assertThat(df.collectAsList()).hasSize(5);

    Map<String, SQLMetric> metrics = scanMetrics(df.queryExecution().executedPlan());
    assertThat(metrics.get("recordsServed").value()).isEqualTo(5);
    assertThat(metrics.get("bytesServed").value()).isEqualTo(500);
    assertThat(metrics.get("recordsServed").name().get())
        .isEqualTo("records the memory connector served");
    // how the Spark UI shows the sums
    assertThat(new LakeflowMetrics.Bytes().aggregateTaskMetrics(new long[] {1024, 1024 * 1024}))
        .isEqualTo("1.0 MiB");
    assertThat(new LakeflowMetrics.Millis().aggregateTaskMetrics(new long[] {500, 12_000}))
        .isEqualTo("12.5 s");
    assertThat(new LakeflowMetrics.Count().aggregateTaskMetrics(new long[] {2, 3})).isEqualTo("5");
  }

  @Test
  void maxRowsPerTriggerCutsBatchesAndProgressCarriesRunningTotalsAndWhereTheStreamStands()
      throws Exception {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 5));

    StreamingQuery query = runAvailableNow(stream().option("maxRowsPerTrigger", "2"), "records");

    List<StreamingQueryProgress> batches = withInput(query);
    assertThat(batches).extracting(StreamingQueryProgress::numInputRows).containsExactly(2L, 2L, 1L);
    assertThat(batches)
        .extracting(p -> source(p).metrics().get("recordsServed"))
        .containsExactly("2", "4", "5");
    assertThat(batches)
        .extracting(p -> source(p).metrics().get("bytesServed"))
        .containsExactly("200", "400", "500");
    assertThat(batches)
        .extracting(p -> source(p).metrics().get("recordsBehind"))
        .containsExactly("3", "1", "0");
    // the last batch's scan, as the SQL tab shows it
    Map<String, SQLMetric> metrics = scanMetrics(
        ((org.apache.spark.sql.execution.streaming.StreamingQueryWrapper) query)
            .streamingQuery()
            .lastExecution()
            .executedPlan());
    assertThat(metrics.get("recordsServed").value()).isEqualTo(1);
  }

  @Test
  void rowReadsReportTheSameMetrics() throws Exception {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 4));

    StreamingQuery query =
        runAvailableNow(
            stream().option("row_reads", "true").option("maxRowsPerTrigger", "3"), "rows");

    List<StreamingQueryProgress> batches = withInput(query);
    assertThat(batches).extracting(StreamingQueryProgress::numInputRows).containsExactly(3L, 1L);
    assertThat(source(batches.get(1)).metrics()).containsEntry("recordsServed", "4");
  }

  @Test
  void theConnectorsOwnLimitStillHoldsUnderALargerReadLimit() throws Exception {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 5));

    StreamingQuery query =
        runAvailableNow(
            stream().option("maxRowsPerTrigger", "1000").option("max_records_per_batch", "3"),
            "both");

    assertThat(withInput(query))
        .extracting(StreamingQueryProgress::numInputRows)
        .containsExactly(3L, 2L);
  }

  @Test
  void aBadReadLimitIsRefusedByName() {
    assertThatThrownBy(() -> stream().option("maxRowsPerTrigger", "lots").load())
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Invalid value for option 'maxRowsPerTrigger': 'lots' (expected a positive whole number"
                + " of rows, e.g. 1000000; leave it out for no limit)");
  }

  private org.apache.spark.sql.streaming.DataStreamReader stream() {
    return TestSpark.session()
        .readStream()
        .format("lakeflow_connect")
        .option("connector", "memory")
        .option("dataset", dataset)
        .option("tableName", "cdc");
  }

  private StreamingQuery runAvailableNow(
      org.apache.spark.sql.streaming.DataStreamReader reader, String name) throws Exception {
    StreamingQuery query =
        reader
            .load()
            .writeStream()
            .format("parquet")
            .option("checkpointLocation", dir.resolve(name + "-checkpoint").toString())
            .trigger(Trigger.AvailableNow())
            .start(dir.resolve(name).toString());
    query.awaitTermination();
    return query;
  }

  private static List<StreamingQueryProgress> withInput(StreamingQuery query) {
    return Arrays.stream(query.recentProgress()).filter(p -> p.numInputRows() > 0).toList();
  }

  private static SourceProgress source(StreamingQueryProgress progress) {
    assertThat(progress.sources()).hasSize(1);
    return progress.sources()[0];
  }

  /** The custom metrics of the plan's (only) DataSource V2 scan, by name. */
  static Map<String, SQLMetric> scanMetrics(SparkPlan plan) {
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
