package org.mixpanellakeflow.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides whether a failed attempt is retried and how long to wait first. Holds no per-request
 * state, so one instance serves every thread; the loop lives in {@link RetryingTransport}.
 *
 * <p>Retried: 429, 500, 502, 503, 504, timeouts, refused connections, connections lost
 * mid-response and bodies cut short. Never: other statuses (400, 401, 402, 403, 404...), unknown
 * hosts and TLS failures, since repeating those only delays the error. Waits grow exponentially
 * from {@link #BACKOFF_FLOOR} to {@link #BACKOFF_CEILING} with 75-100% jitter so parallel readers
 * spread out; a valid Retry-After wins over the backoff.
 *
 * <p>A 429 is Mixpanel asking for time, not a failure of the request: it is retried whatever the
 * attempt count, for as long as the caller's rate-limit wait allows, and its Retry-After is
 * followed however long it is (an exhausted hourly limit can ask for most of an hour). Any other
 * wait is capped by {@code maxSingleWait}.
 */
final class RetryPolicy {

  static final Duration BACKOFF_FLOOR = Duration.ofSeconds(1);
  static final Duration BACKOFF_CEILING = Duration.ofSeconds(60);

  private static final Set<Integer> RETRYABLE_STATUSES = Set.of(429, 500, 502, 503, 504);

  private final int maxAttempts;
  private final Duration maxSingleWait;
  private final Clock clock;
  private final RandomGenerator random;

  RetryPolicy(int maxAttempts, Duration maxSingleWait, Clock clock, RandomGenerator random) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts " + maxAttempts + " is below 1");
    }
    this.maxAttempts = maxAttempts;
    this.maxSingleWait = Objects.requireNonNull(maxSingleWait, "maxSingleWait is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.random = Objects.requireNonNull(random, "random is null");
  }

  int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Whether to send the request again after {@code failure}.
   *
   * @param attempt how many attempts have been made so far, starting at 1
   */
  boolean shouldRetry(RequestFailure failure, int attempt) {
    if (isRateLimit(failure)) {
      return true;
    }
    if (attempt >= maxAttempts) {
      return false;
    }
    return switch (failure.kind()) {
      case HTTP_STATUS -> RETRYABLE_STATUSES.contains(failure.status());
      case TIMEOUT, CONNECTION_LOST, TRUNCATED_BODY, REFUSED -> true;
      case UNREACHABLE -> false;
    };
  }

  /** A 429: Mixpanel's limits, which the caller budgets separately from other failures. */
  static boolean isRateLimit(RequestFailure failure) {
    return failure.kind() == RequestFailure.Kind.HTTP_STATUS && failure.status() == 429;
  }

  /**
   * How long to wait before the next attempt.
   *
   * @param attempt how many attempts have been made so far, starting at 1
   */
  Duration delayFor(RequestFailure failure, int attempt) {
    Optional<Duration> hint = retryAfter(failure.retryAfter(), clock.instant());
    Duration delay = hint.map(RetryPolicy::atLeastFloor).orElseGet(() -> backoff(attempt));
    if (isRateLimit(failure) && hint.isPresent()) {
      return delay;
    }
    return delay.compareTo(maxSingleWait) > 0 ? maxSingleWait : delay;
  }

  private Duration backoff(int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    long baseMillis = Math.min(BACKOFF_FLOOR.toMillis() << doublings, BACKOFF_CEILING.toMillis());
    long jittered = (long) (baseMillis * (0.75 + 0.25 * random.nextDouble()));
    return atLeastFloor(Duration.ofMillis(jittered));
  }

  private static Duration atLeastFloor(Duration delay) {
    return delay.compareTo(BACKOFF_FLOOR) < 0 ? BACKOFF_FLOOR : delay;
  }

  /**
   * Parses a Retry-After value: delta seconds or an HTTP-date (RFC 1123). Empty when absent,
   * malformed, negative or already past, so that the caller falls back to the backoff.
   */
  static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        long seconds = Long.parseLong(value);
        return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty(); // too many digits to be a sane wait
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
