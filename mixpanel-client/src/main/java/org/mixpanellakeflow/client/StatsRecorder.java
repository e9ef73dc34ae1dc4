package org.mixpanellakeflow.client;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link ClientStats}; request threads only ever add. */
final class StatsRecorder {

  private final Map<String, Counters> byEndpoint = new ConcurrentHashMap<>();
  private final LongAdder malformedLines = new LongAdder();
  private final LongAdder rejoinedLines = new LongAdder();

  void request(String endpoint) {
    counters(endpoint).requests.increment();
  }

  void retry(String endpoint, Duration wait) {
    Counters counters = counters(endpoint);
    counters.retries.increment();
    counters.retryWaitNanos.add(wait.toNanos());
  }

  void budgetWait(String endpoint, Duration wait) {
    if (!wait.isZero()) {
      counters(endpoint).budgetWaitNanos.add(wait.toNanos());
    }
  }

  void bytes(String endpoint, long count) {
    counters(endpoint).bytes.add(count);
  }

  void lines(long malformed, long rejoined) {
    malformedLines.add(malformed);
    rejoinedLines.add(rejoined);
  }

  ClientStats snapshot() {
    Map<String, ClientStats.EndpointStats> endpoints = new TreeMap<>();
    long requests = 0;
    long retries = 0;
    long bytes = 0;
    long retryNanos = 0;
    long budgetNanos = 0;
    for (Map.Entry<String, Counters> entry : byEndpoint.entrySet()) {
      Counters c = entry.getValue();
      ClientStats.EndpointStats stats =
          new ClientStats.EndpointStats(
              c.requests.sum(),
              c.retries.sum(),
              c.bytes.sum(),
              Duration.ofNanos(c.retryWaitNanos.sum()),
              Duration.ofNanos(c.budgetWaitNanos.sum()));
      endpoints.put(entry.getKey(), stats);
      requests += stats.requests();
      retries += stats.retries();
      bytes += stats.bytesReceived();
      retryNanos += stats.retryWait().toNanos();
      budgetNanos += stats.budgetWait().toNanos();
    }
    return new ClientStats(
        requests,
        retries,
        bytes,
        Duration.ofNanos(retryNanos),
        Duration.ofNanos(budgetNanos),
        malformedLines.sum(),
        rejoinedLines.sum(),
        endpoints);
  }

  private Counters counters(String endpoint) {
    return byEndpoint.computeIfAbsent(endpoint, e -> new Counters());
  }

  private static final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder retryWaitNanos = new LongAdder();
    final LongAdder budgetWaitNanos = new LongAdder();
  }
}
