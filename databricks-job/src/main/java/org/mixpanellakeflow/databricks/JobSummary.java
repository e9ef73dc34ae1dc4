package org.mixpanellakeflow.databricks;

import java.io.PrintStream;
import java.util.Locale;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.TableRunSummary;

/**
 * The lines a run prints to the task's output, one per table. API requests are those every
 * executor sent, as Spark's task metrics brought them to the driver ({@code apiRequests}).
 */
final class JobSummary {

  private JobSummary() {}

  static void print(PrintStream out, PipelineResult result) {
    int width = "table".length();
    for (TableRunSummary table : result.tables()) {
      width = Math.max(width, table.destination().length());
    }
    String row = "%-" + width + "s  %-9s %10s %14s %8s %13s %9s%n";
    out.printf(
        Locale.ROOT,
        row,
        "table",
        "type",
        "rows read",
        "rows in table",
        "batches",
        "API requests",
        "seconds");
    for (TableRunSummary table : result.tables()) {
      out.printf(
          Locale.ROOT,
          row,
          table.destination(),
          table.ingestionType().wireName(),
          table.rowsRead(),
          table.rowsInTable(),
          table.batches(),
          table.sourceMetric("apiRequests"),
          String.format(Locale.ROOT, "%.1f", table.elapsed().toMillis() / 1000.0));
    }
    out.flush();
  }
}
