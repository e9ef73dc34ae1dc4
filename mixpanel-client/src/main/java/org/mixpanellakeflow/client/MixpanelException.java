package org.mixpanellakeflow.client;

import java.util.OptionalInt;

/**
 * A Mixpanel call failed. The message names the endpoint (path only), the HTTP status if one
 * arrived, the attempts made, the server's own error text with secrets removed, and what to do.
 * Subclasses exist only where callers branch on the kind of failure.
 */
public class MixpanelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String endpoint;
  private final int status;
  private final int attempts;

  MixpanelException(String message, String endpoint, int status, int attempts, Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint;
    this.status = status;
    this.attempts = attempts;
  }

  /** The API path called, e.g. {@code /api/2.0/export}; never carries a query string. */
  public String endpoint() {
    return endpoint;
  }

  /** The HTTP status of the last attempt, empty if no response arrived (timeout, reset). */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }

  /** How many times the request was sent. */
  public int attempts() {
    return attempts;
  }
}
