package org.mixpanellakeflow.emulator;

/**
 * Per-project request budgets, as Mixpanel enforces them (rate-limits docs): raw export 60 per
 * rolling hour, 3 per second and 100 concurrent; the Query API (engage, cohorts/list) 60 per
 * rolling hour and 5 concurrent. A request over budget gets a 429 with Mixpanel's body and is
 * not counted. Windows follow the emulator's clock, shortened by the {@link #withTimeScale time
 * scale}, so a test with a controllable clock can spend an hour's budget in milliseconds.
 * Immutable; {@code with...} methods return a copy.
 *
 * @param exportPerHour export requests per rolling hour
 * @param exportPerSecond export requests per rolling second
 * @param exportConcurrent export requests in flight at once
 * @param queryPerHour Query-API requests per rolling hour
 * @param queryConcurrent Query-API requests in flight at once
 * @param engagePagesExempt whether engage pages after the first (with a session) skip the hourly
 *     budget, as Mixpanel support has said they do
 * @param retryAfter when a 429 carries {@code Retry-After}
 * @param timeScale how many times faster than the clock the windows pass; 1 = real time
 */
public record RateLimits(
    int exportPerHour,
    int exportPerSecond,
    int exportConcurrent,
    int queryPerHour,
    int queryConcurrent,
    boolean engagePagesExempt,
    RetryAfter retryAfter,
    double timeScale) {

  /** When a 429 tells the client how long to wait. */
  public enum RetryAfter {
    /** Every 429 carries {@code Retry-After}, in whole seconds. */
    ALWAYS,
    /** No 429 carries it, so clients fall back to their own backoff. */
    NEVER,
    /** Every other 429 carries it, the first one included: both client paths get exercised. */
    ALTERNATING
  }

  public RateLimits {
    requirePositive(exportPerHour, "exportPerHour");
    requirePositive(exportPerSecond, "exportPerSecond");
    requirePositive(exportConcurrent, "exportConcurrent");
    requirePositive(queryPerHour, "queryPerHour");
    requirePositive(queryConcurrent, "queryConcurrent");
    if (retryAfter == null) {
      throw new NullPointerException("retryAfter is null");
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("Invalid timeScale " + timeScale + ": use a finite number above 0");
    }
  }

  /** Mixpanel's documented budgets; pages after the first count; {@code Retry-After} alternates. */
  public static RateLimits mixpanel() {
    return new RateLimits(60, 3, 100, 60, 5, false, RetryAfter.ALTERNATING, 1.0);
  }

  public RateLimits withExport(int perHour, int perSecond, int concurrent) {
    return new RateLimits(perHour, perSecond, concurrent, queryPerHour, queryConcurrent, engagePagesExempt,
        retryAfter, timeScale);
  }

  public RateLimits withQuery(int perHour, int concurrent) {
    return new RateLimits(exportPerHour, exportPerSecond, exportConcurrent, perHour, concurrent, engagePagesExempt,
        retryAfter, timeScale);
  }

  /** Engage pages after the first (sent with a {@code session_id}) do not count per hour. */
  public RateLimits withEngagePagesExempt() {
    return new RateLimits(exportPerHour, exportPerSecond, exportConcurrent, queryPerHour, queryConcurrent, true,
        retryAfter, timeScale);
  }

  public RateLimits withRetryAfter(RetryAfter value) {
    return new RateLimits(exportPerHour, exportPerSecond, exportConcurrent, queryPerHour, queryConcurrent,
        engagePagesExempt, value, timeScale);
  }

  /** Windows pass {@code scale} times faster than the clock: 3600 makes the hour last a second. */
  public RateLimits withTimeScale(double scale) {
    return new RateLimits(exportPerHour, exportPerSecond, exportConcurrent, queryPerHour, queryConcurrent,
        engagePagesExempt, retryAfter, scale);
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException("Invalid " + name + " " + value + ": use 1 or more");
    }
  }
}
