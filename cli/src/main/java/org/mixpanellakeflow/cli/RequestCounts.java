package org.mixpanellakeflow.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mixpanellakeflow.emulator.LoggedRequest;

/** API requests per source table, as the server saw them. */
record RequestCounts(Map<String, Long> bySourceTable) {

  RequestCounts {
    bySourceTable = Map.copyOf(bySourceTable);
  }

  long forTable(String sourceTable) {
    return bySourceTable.getOrDefault(sourceTable, 0L);
  }

  static RequestCounts fromEmulator(List<LoggedRequest> log) {
    Map<String, Long> counts = new HashMap<>();
    for (LoggedRequest request : log) {
      String path = request.path();
      String table = path.contains("/export") ? "events"
          : path.contains("/cohorts/list") ? "cohorts"
          : path.contains("/engage") ? "engage" : "other";
      counts.merge(table, 1L, Long::sum);
    }
    return new RequestCounts(counts);
  }
}
