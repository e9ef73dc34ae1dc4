package org.mixpanellakeflow.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mixpanellakeflow.client.ClientStats;
import org.mixpanellakeflow.client.MixpanelClient;
import org.mixpanellakeflow.connect.ReadMetric;
import org.mixpanellakeflow.connect.ReadMetric.Unit;

/**
 * What every partition reader counts: its own client's requests, bytes, retries and waits, and the
 * export lines it skipped or joined. Spark sums them per scan (SQL tab) and the stream keeps the
 * totals in its progress; see README "Monitoring".
 */
final class ReadMetrics {

  static final String API_REQUESTS = "apiRequests";
  static final String API_RETRIES = "apiRetries";
  static final String BYTES_RECEIVED = "bytesReceived";
  static final String RATE_BUDGET_WAIT_MS = "rateBudgetWaitMs";
  static final String RETRY_WAIT_MS = "retryWaitMs";
  static final String MALFORMED_LINES = "malformedLinesSkipped";
  static final String REJOINED_LINES = "splitLinesRejoined";

  static final List<ReadMetric> DECLARED =
      List.of(
          new ReadMetric(API_REQUESTS, "Mixpanel API requests (retries included)", Unit.COUNT),
          new ReadMetric(API_RETRIES, "Mixpanel API requests repeating a failed one", Unit.COUNT),
          new ReadMetric(BYTES_RECEIVED, "bytes received from Mixpanel (as sent)", Unit.BYTES),
          new ReadMetric(
              RATE_BUDGET_WAIT_MS, "time waiting for the project's Mixpanel rate budget", Unit.MILLIS),
          new ReadMetric(
              RETRY_WAIT_MS, "time waiting before retries (429 Retry-After included)", Unit.MILLIS),
          new ReadMetric(MALFORMED_LINES, "malformed export lines skipped", Unit.COUNT),
          new ReadMetric(REJOINED_LINES, "export records rejoined from split lines", Unit.COUNT));

  private ReadMetrics() {}

  /** The running values of a partition's client. */
  static Map<String, Long> of(MixpanelClient client) {
    return of(client.stats());
  }

  static Map<String, Long> of(ClientStats stats) {
    Map<String, Long> values = new LinkedHashMap<>();
    values.put(API_REQUESTS, stats.requests());
    values.put(API_RETRIES, stats.retries());
    values.put(BYTES_RECEIVED, stats.bytesReceived());
    values.put(RATE_BUDGET_WAIT_MS, stats.budgetWait().toMillis());
    values.put(RETRY_WAIT_MS, stats.retryWait().toMillis());
    values.put(MALFORMED_LINES, stats.malformedLines());
    values.put(REJOINED_LINES, stats.rejoinedLines());
    return values;
  }
}
