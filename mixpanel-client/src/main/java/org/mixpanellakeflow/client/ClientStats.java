package org.mixpanellakeflow.client;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of what one {@link MixpanelClient} has done since it was created.
 *
 * @param requests HTTP requests sent, retries included
 * @param retries requests that were repeats of a failed attempt
 * @param bytesReceived response body bytes as received (compressed when gzip was used)
 * @param retryWait total time spent waiting between attempts
 * @param budgetWait total time spent waiting for the project's request budget before sending
 * @param malformedLines export lines skipped because they were not JSON events (only with {@link
 *     OnMalformedLine#SKIP}); counted when their export stream is done
 * @param rejoinedLines export records that arrived split over two lines and were joined again
 * @param endpoints the request counts per API path, e.g. {@code /api/2.0/export}
 */
public record ClientStats(
    long requests,
    long retries,
    long bytesReceived,
    Duration retryWait,
    Duration budgetWait,
    long malformedLines,
    long rejoinedLines,
    Map<String, EndpointStats> endpoints) {

  public ClientStats {
    Objects.requireNonNull(retryWait, "retryWait is null");
    Objects.requireNonNull(budgetWait, "budgetWait is null");
    endpoints = Map.copyOf(endpoints);
  }

  /** Counts for one API path. */
  public record EndpointStats(
      long requests, long retries, long bytesReceived, Duration retryWait, Duration budgetWait) {
    public EndpointStats {
      Objects.requireNonNull(retryWait, "retryWait is null");
      Objects.requireNonNull(budgetWait, "budgetWait is null");
    }
  }
}
