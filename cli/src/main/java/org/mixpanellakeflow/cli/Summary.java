package org.mixpanellakeflow.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.TableRunSummary;

/** The per-table lines a run prints. */
final class Summary {

  private Summary() {}

  /** @param requests API requests per source table */
  static void print(PrintWriter out, PipelineResult result, Map<String, Long> requests) {
    out.printf("%-22s %-9s %10s %14s %13s %9s%n",
        "table", "type", "rows read", "rows in table", "API requests", "seconds");
    for (TableRunSummary table : result.tables()) {
      out.printf("%-22s %-9s %10d %14d %13d %9.1f%n",
          table.destination(),
          table.ingestionType().wireName(),
          table.rowsRead(),
          table.rowsInTable(),
          requests.getOrDefault(table.sourceTable(), 0L),
          table.elapsed().toMillis() / 1000.0);
    }
    out.flush();
  }
}
