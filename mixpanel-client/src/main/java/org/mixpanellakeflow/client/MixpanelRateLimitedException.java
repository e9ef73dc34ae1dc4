package org.mixpanellakeflow.client;

import java.time.Duration;
import java.util.Optional;

/** HTTP 429 that persisted through the retries; the caller may wait and try again later. */
public final class MixpanelRateLimitedException extends MixpanelException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  MixpanelRateLimitedException(String message, String endpoint, int attempts, Duration retryAfter) {
    super(message, endpoint, 429, attempts, null);
    this.retryAfter = retryAfter;
  }

  /** The wait the server asked for on the last attempt, if it sent a valid Retry-After. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
