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
 * @param endpoints the same counts per API path, e.g. {@code /api/2.0/export}
 */
public record ClientStats(
    long requests,
    long retries,
    long bytesReceived,
    Duration retryWait,
    Map<String, EndpointStats> endpoints) {

  public ClientStats {
    Objects.requireNonNull(retryWait, "retryWait is null");
    endpoints = Map.copyOf(endpoints);
  }

  /** Counts for one API path. */
  public record EndpointStats(long requests, long retries, long bytesReceived, Duration retryWait) {
    public EndpointStats {
      Objects.requireNonNull(retryWait, "retryWait is null");
    }
  }
}
