package org.mixpanellakeflow.client;

/**
 * A 4xx other than 401, 403 and 429: the request itself is wrong (a date after Mixpanel's today,
 * the wrong region, a plan without API access). Repeating it unchanged will fail again.
 */
public final class MixpanelRequestException extends MixpanelException {
  private static final long serialVersionUID = 1L;

  MixpanelRequestException(String message, String endpoint, int status, int attempts) {
    super(message, endpoint, status, attempts, null);
  }
}
