package org.mixpanellakeflow.client;

/**
 * The credentials, project id or region are wrong: HTTP 401, 403 (other than a date range past the
 * plan's history), or 400 "Unable to authenticate request" (as expired credentials often answer).
 * Never retried.
 */
public final class MixpanelAuthException extends MixpanelException {
  private static final long serialVersionUID = 1L;

  MixpanelAuthException(String message, String endpoint, int status, int attempts) {
    super(message, endpoint, status, attempts, null);
  }
}
