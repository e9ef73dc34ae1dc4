package org.mixpanellakeflow.client;

import java.io.IOException;

/**
 * A 200 export body that ended before its last record was complete. An {@link IOException} so the
 * transport treats it like a broken connection: retryable while nothing has been delivered.
 */
final class TruncatedBodyException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long lineNumber;

  TruncatedBodyException(String message, long lineNumber) {
    super(message);
    this.lineNumber = lineNumber;
  }

  long lineNumber() {
    return lineNumber;
  }
}
