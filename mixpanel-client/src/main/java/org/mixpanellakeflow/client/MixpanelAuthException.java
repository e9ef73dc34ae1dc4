package org.mixpanellakeflow.client;

/** HTTP 401 or 403: the credentials, project id or region are wrong. Never retried. */
public final class MixpanelAuthException extends MixpanelException {
  private static final long serialVersionUID = 1L;

  MixpanelAuthException(String message, String endpoint, int status, int attempts) {
    super(message, endpoint, status, attempts, null);
  }
}
