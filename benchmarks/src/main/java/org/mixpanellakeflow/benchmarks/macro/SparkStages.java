package org.mixpanellakeflow.benchmarks.macro;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark stages of the macro and engage benchmarks: a batch read of a table through {@code
 * format("mixpanel")} into Spark's {@code noop} sink, and the same table ingested into Delta by
 * {@link PipelineRunner}, as {@code mixpanel-lakeflow ingest} does. Not thread safe.
 */
final class SparkStages {

  static final String CONNECTION = "bench_mixpanel";

  private final SparkSession spark;
  private final Map<String, String> options;
  private final AtomicReference<QueryExecution> lastWrite = new AtomicReference<>();

  SparkStages(SparkSession spark, Map<String, String> options) {
    this.spark = spark;
    this.options = Map.copyOf(options);
    spark.listenerManager().register(new QueryExecutionListener() {
      @Override
      public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
        lastWrite.set(qe);
      }

      @Override
      public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
    });
  }

  /**
   * Reads the table in one batch and drops every row.
   *
   * @return the rows the scan produced, from its {@code numOutputRows} metric, or -1 if the plan
   *     did not show it
   */
  long batchRead(String table) throws Exception {
    lastWrite.set(null);
    spark.read().format("mixpanel").options(options).option("tableName", table).load()
        .write().format("noop").mode("overwrite").save();
    // the listener runs on Spark's listener bus; the metrics were final when save() returned
    spark.sparkContext().listenerBus().waitUntilEmpty();
    QueryExecution qe = lastWrite.get();
    return qe == null ? -1 : scannedRows(qe.executedPlan());
  }

  /** Ingests {@code table} into a Delta table under {@code warehouse}, a fresh first sync. */
  PipelineResult ingest(String warehouse, String table) {
    Connections connections = Connections.parse(connectionsJson(), Map.of());
    PipelineSpec spec = PipelineSpec.parse("{\"connection_name\": \"" + CONNECTION
        + "\", \"objects\": [{\"table\": {\"source_table\": " + quote(table) + "}}]}");
    return new PipelineRunner(spark, warehouse).run(spec, connections);
  }

  private String connectionsJson() {
    StringBuilder json = new StringBuilder("{\"connections\": {\"" + CONNECTION
        + "\": {\"connector\": \"mixpanel\", \"options\": {");
    List<String> entries = new ArrayList<>();
    options.forEach((key, value) -> entries.add(quote(key) + ": " + quote(value)));
    json.append(String.join(", ", entries)).append("}}}}");
    return json.toString();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static long scannedRows(SparkPlan plan) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      return scannedRows(adaptive.executedPlan());
    }
    if (plan.getClass().getSimpleName().equals("BatchScanExec")) {
      scala.Option<SQLMetric> rows = plan.metrics().get("numOutputRows");
      return rows.isDefined() ? rows.get().value() : -1;
    }
    long total = -1;
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      long rows = scannedRows(child);
      if (rows >= 0) {
        total = Math.max(total, 0) + rows;
      }
    }
    return total;
  }
}
