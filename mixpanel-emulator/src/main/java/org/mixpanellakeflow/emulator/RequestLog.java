package org.mixpanellakeflow.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** The requests an emulator answered, in the order their statuses were sent. Thread safe. */
final class RequestLog {
  private final List<LoggedRequest> entries = new ArrayList<>();

  synchronized void add(LoggedRequest request) {
    entries.add(request);
  }

  synchronized List<LoggedRequest> snapshot() {
    return List.copyOf(entries);
  }

  synchronized void clear() {
    entries.clear();
  }

  /**
   * See {@link MixpanelEmulator#maxRequestsInAnyWindow}; {@code limiter} (null when requests are
   * not limited) scales the window.
   */
  int maxInAnyWindow(Predicate<LoggedRequest> which, Duration window, RateLimiter limiter) {
    Objects.requireNonNull(which, "which is null");
    Objects.requireNonNull(window, "window is null");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("Invalid window " + window + ": use a positive duration, e.g. PT1H");
    }
    long windowMs = limiter == null ? window.toMillis() : limiter.window(window.toMillis());
    return maxInAnyWindow(snapshot(), which, windowMs);
  }

  /**
   * The most requests selected by {@code which}, rate-limited ones left out, that arrived within
   * one rolling window of {@code windowMs}: a window ending at {@code t} holds the arrivals in
   * {@code (t - windowMs, t]}, the window the rate limiter counts in.
   */
  static int maxInAnyWindow(List<LoggedRequest> requests, Predicate<LoggedRequest> which, long windowMs) {
    long[] arrivals = requests.stream()
        .filter(request -> !request.wasRateLimited() && which.test(request))
        .mapToLong(request -> request.receivedAt().toEpochMilli())
        .sorted()
        .toArray();
    int max = 0;
    int first = 0;
    for (int last = 0; last < arrivals.length; last++) {
      while (arrivals[first] <= arrivals[last] - windowMs) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }
}
