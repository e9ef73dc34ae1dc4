package org.mixpanellakeflow.emulator;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Enforces {@link RateLimits} per project and API: rolling windows of admitted requests on the
 * emulator's clock, and a count of requests in flight. Thread safe.
 */
final class RateLimiter {
  static final String DOCS = "https://help.mixpanel.com/hc/en-us/articles/115004602563-Rate-Limits-for-Export-API-Endpoints";
  private static final long HOUR_MS = 3_600_000;
  private static final long SECOND_MS = 1_000;

  /** Which budget a request draws on. */
  enum Api {
    EXPORT,
    QUERY,
    /** A Query-API request exempt from the hourly budget: an engage page after the first. */
    QUERY_PAGE;

    Api budget() {
      return this == QUERY_PAGE ? QUERY : this;
    }
  }

  private record Key(long projectId, Api api) {}

  private static final class Budget {
    final Deque<Long> lastHour = new ArrayDeque<>();
    final Deque<Long> lastSecond = new ArrayDeque<>();
    int inFlight;
  }

  private final RateLimits limits;
  private final Clock clock;
  private final Map<Key, Budget> budgets = new HashMap<>();
  private long refusals;

  RateLimiter(RateLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  boolean exemptsEngagePages() {
    return limits.engagePagesExempt();
  }

  /** Admits the request or throws the 429; an admitted request must be {@link #release released}. */
  synchronized void acquire(long projectId, Api requested, EmulatorExchange exchange) {
    long now = clock.millis();
    Api api = requested.budget();
    boolean countsPerHour = requested != Api.QUERY_PAGE;
    Budget budget = budgets.computeIfAbsent(new Key(projectId, api), key -> new Budget());
    long hour = window(HOUR_MS);
    long second = window(SECOND_MS);
    expire(budget.lastHour, now - hour);
    expire(budget.lastSecond, now - second);
    int perHour = api == Api.EXPORT ? limits.exportPerHour() : limits.queryPerHour();
    int concurrent = api == Api.EXPORT ? limits.exportConcurrent() : limits.queryConcurrent();
    boolean overHour = countsPerHour && budget.lastHour.size() >= perHour;
    boolean overSecond = api == Api.EXPORT && budget.lastSecond.size() >= limits.exportPerSecond();
    boolean overConcurrent = budget.inFlight >= concurrent;
    if (overHour || overSecond || overConcurrent) {
      long waitMs = overHour
          ? budget.lastHour.peekFirst() + hour - now
          : overSecond ? budget.lastSecond.peekFirst() + second - now : second;
      refuse(projectId, api, budget, perHour, concurrent, countsPerHour, waitMs, exchange);
    }
    if (countsPerHour) {
      budget.lastHour.addLast(now);
    }
    budget.lastSecond.addLast(now);
    budget.inFlight++;
  }

  synchronized void release(long projectId, Api api) {
    Budget budget = budgets.get(new Key(projectId, api.budget()));
    if (budget != null && budget.inFlight > 0) {
      budget.inFlight--;
    }
  }

  private void refuse(long projectId, Api api, Budget budget, int perHour, int concurrent, boolean countsPerHour,
      long waitMs, EmulatorExchange exchange) {
    refusals++;
    boolean sendRetryAfter = switch (limits.retryAfter()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case ALTERNATING -> refusals % 2 == 1;
    };
    if (sendRetryAfter) {
      exchange.setHeader("Retry-After", Long.toString(Math.max(1, (waitMs + 999) / 1000)));
    }
    // Mixpanel reports the refused request in the counts ("61/60"), though it does not run
    String message = "Query rate limit exceeded for project_id: " + projectId + ". "
        + (budget.inFlight + 1) + "/" + concurrent + " queries running concurrently and "
        + (budget.lastHour.size() + (countsPerHour ? 1 : 0)) + "/" + perHour + " queries running in the last hour"
        + (api == Api.EXPORT ? " and " + (budget.lastSecond.size() + 1) + "/" + limits.exportPerSecond()
            + " in the last second" : "")
        + ". For more information, please consult our documentation at " + DOCS;
    throw ApiException.tooManyRequests(message);
  }

  /** A window of {@code realMs} on the clock, shortened by the time scale; at least 1 ms. */
  long window(long realMs) {
    return Math.max(1, Math.round(realMs / limits.timeScale()));
  }

  private static void expire(Deque<Long> admissions, long cutoff) {
    while (!admissions.isEmpty() && admissions.peekFirst() <= cutoff) {
      admissions.removeFirst();
    }
  }
}
