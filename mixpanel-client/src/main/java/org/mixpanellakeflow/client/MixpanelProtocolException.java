package org.mixpanellakeflow.client;

/**
 * The response body is malformed or was cut short. For an export, records before the failing line
 * may already have been delivered: discard them and re-read the whole window.
 */
public final class MixpanelProtocolException extends MixpanelException {
  private static final long serialVersionUID = 1L;

  private final long lineNumber;

  MixpanelProtocolException(
      String message, String endpoint, int attempts, long lineNumber, Throwable cause) {
    super(message, endpoint, 200, attempts, cause);
    this.lineNumber = lineNumber;
  }

  /** 1-based line of the body where the problem was found, 0 when the body is not line based. */
  public long lineNumber() {
    return lineNumber;
  }
}
