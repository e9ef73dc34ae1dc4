package org.mixpanellakeflow.client;

/** HTTP 5xx, or a refused connection, that persisted through the retries. */
public final class MixpanelServerException extends MixpanelException {
  private static final long serialVersionUID = 1L;

  MixpanelServerException(String message, String endpoint, int status, int attempts) {
    super(message, endpoint, status, attempts, null);
  }
}
