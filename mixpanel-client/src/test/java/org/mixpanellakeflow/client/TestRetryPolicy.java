package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TestRetryPolicy {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** nextDouble() == 0: the lowest jitter, 75% of the base. */
  private static final RandomGenerator LOWEST = () -> 0L;

  /** nextDouble() just below 1: the highest jitter, 100% of the base after rounding. */
  private static final RandomGenerator HIGHEST = () -> -1L;

  private final RetryPolicy policy = new RetryPolicy(6, Duration.ofMinutes(2), CLOCK, LOWEST);

  @Test
  void retriesTooManyRequests() {
    assertThat(policy.shouldRetry(status(429), 1)).isTrue();
  }

  @Test
  void retriesBadGatewayUnavailableAndGatewayTimeout() {
    assertThat(policy.shouldRetry(status(502), 1)).isTrue();
    assertThat(policy.shouldRetry(status(503), 1)).isTrue();
    assertThat(policy.shouldRetry(status(504), 1)).isTrue();
  }

  @Test
  void neverRetriesClientErrors() {
    for (int code : new int[] {400, 401, 402, 403, 404}) {
      assertThat(policy.shouldRetry(status(code), 1)).as("HTTP %d", code).isFalse();
    }
  }

  @Test
  void retriesInternalServerError() {
    assertThat(policy.shouldRetry(status(500), 1)).isTrue();
  }

  @Test
  void retriesConnectAndReadTimeouts() {
    assertThat(policy.shouldRetry(io(new HttpConnectTimeoutException("connect")), 1)).isTrue();
    assertThat(policy.shouldRetry(io(new HttpTimeoutException("request timed out")), 1)).isTrue();
  }

  @Test
  void retriesConnectionReset() {
    assertThat(policy.shouldRetry(io(new SocketException("Connection reset")), 1)).isTrue();
  }

  @Test
  void retriesBodyCutShortBeforeAnyRecord() {
    assertThat(policy.shouldRetry(io(new TruncatedBodyException("cut", 1)), 1)).isTrue();
  }

  @Test
  void retriesRefusedConnectionButNotAnUnknownHost() {
    assertThat(policy.shouldRetry(io(new ConnectException("Connection refused")), 1)).isTrue();
    ConnectException unknownHost = new ConnectException("no such host");
    unknownHost.initCause(new java.net.UnknownHostException("data.mixpanel.invalid"));
    assertThat(policy.shouldRetry(io(unknownHost), 1)).isFalse();
    assertThat(policy.shouldRetry(io(new java.net.UnknownHostException("x.invalid")), 1)).isFalse();
  }

  @Test
  void rateLimitsAreRetriedWhateverTheAttemptCount() {
    assertThat(policy.shouldRetry(rateLimited("30"), 100)).isTrue();
    assertThat(policy.shouldRetry(status(503), 100)).isFalse();
  }

  @Test
  void stopsAtMaxAttempts() {
    assertThat(policy.shouldRetry(status(503), 5)).isTrue();
    assertThat(policy.shouldRetry(status(503), 6)).isFalse();
  }

  @Test
  void backsOffExponentiallyFromTheFloorAtFullJitter() {
    RetryPolicy highest = new RetryPolicy(10, Duration.ofMinutes(2), CLOCK, HIGHEST);

    assertThat(highest.delayFor(status(503), 1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(highest.delayFor(status(503), 2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(highest.delayFor(status(503), 3)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void jitterTakesSeventyFivePercentButNeverBelowTheFloor() {
    assertThat(policy.delayFor(status(503), 1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayFor(status(503), 3)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void backoffStopsAtTheCeiling() {
    RetryPolicy highest = new RetryPolicy(30, Duration.ofMinutes(2), CLOCK, HIGHEST);

    assertThat(highest.delayFor(status(503), 20)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void retryAfterSecondsWinsOverBackoff() {
    assertThat(policy.delayFor(rateLimited("7"), 1)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterHttpDateWinsOverBackoff() {
    assertThat(policy.delayFor(rateLimited("Wed, 01 May 2024 12:00:30 GMT"), 1))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void pastRetryAfterDateFallsBackToBackoff() {
    assertThat(policy.delayFor(rateLimited("Wed, 01 May 2024 11:00:00 GMT"), 3))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void invalidRetryAfterFallsBackToBackoff() {
    assertThat(policy.delayFor(rateLimited("soon"), 3)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.delayFor(rateLimited("-5"), 3)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.delayFor(rateLimited("99999999999999999999999"), 3))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void rateLimitRetryAfterIsFollowedHoweverLongButOtherHintsAreClamped() {
    assertThat(policy.delayFor(rateLimited("3600"), 1)).isEqualTo(Duration.ofHours(1));
    assertThat(policy.delayFor(RequestFailure.httpStatus(503, "3600", null), 1))
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void retryAfterOfZeroWaitsTheFloor() {
    assertThat(policy.delayFor(rateLimited("0"), 1)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void parsesRetryAfterForms() {
    assertThat(RetryPolicy.retryAfter(" 12 ", NOW)).contains(Duration.ofSeconds(12));
    assertThat(RetryPolicy.retryAfter("Wed, 01 May 2024 12:01:00 GMT", NOW))
        .contains(Duration.ofMinutes(1));
    assertThat(RetryPolicy.retryAfter(null, NOW)).isEmpty();
    assertThat(RetryPolicy.retryAfter("", NOW)).isEmpty();
    assertThat(RetryPolicy.retryAfter("1.5", NOW)).isEmpty();
  }

  private static RequestFailure status(int code) {
    return RequestFailure.httpStatus(code, null, null);
  }

  private static RequestFailure rateLimited(String retryAfter) {
    return RequestFailure.httpStatus(429, retryAfter, null);
  }

  private static RequestFailure io(IOException error) {
    return RequestFailure.of(error);
  }
}
