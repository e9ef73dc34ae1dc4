package org.mixpanellakeflow.client;

import java.util.Locale;

/**
 * A 4xx other than 401, 403 and 429 (and 403 for a date range past the plan's history): the request
 * itself is wrong (a date after Mixpanel's today, the wrong region, a plan without API access, an
 * expired engage session). Repeating it unchanged will fail again.
 */
public final class MixpanelRequestException extends MixpanelException {
  private static final long serialVersionUID = 1L;

  private final String serverMessage;

  MixpanelRequestException(
      String message, String endpoint, int status, int attempts, String serverMessage) {
    super(message, endpoint, status, attempts, null);
    this.serverMessage = serverMessage;
  }

  /** Whether the server's own text mentions the engage session, which then has to start over. */
  boolean mentionsSession() {
    return serverMessage != null && serverMessage.toLowerCase(Locale.ROOT).contains("session");
  }
}
