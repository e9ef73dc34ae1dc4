package org.mixpanellakeflow.cli;

import java.io.PrintWriter;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.TableRunSummary;

/** The per-table lines a run prints. */
final class Summary {

  private Summary() {}

  /** The source metric that counts Mixpanel API requests, retries included, on every executor. */
  static final String API_REQUESTS = "apiRequests";

  static void print(PrintWriter out, PipelineResult result) {
    out.printf("%-22s %-9s %10s %14s %13s %9s%n",
        "table", "type", "rows read", "rows in table", "API requests", "seconds");
    for (TableRunSummary table : result.tables()) {
      out.printf("%-22s %-9s %10d %14d %13d %9.1f%n",
          table.destination(),
          table.ingestionType().wireName(),
          table.rowsRead(),
          table.rowsInTable(),
          table.sourceMetric(API_REQUESTS),
          table.elapsed().toMillis() / 1000.0);
    }
    out.flush();
  }
}
