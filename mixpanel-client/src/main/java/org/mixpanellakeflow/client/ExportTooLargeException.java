package org.mixpanellakeflow.client;

/**
 * An export response held more events than the caller allowed for one request; the request was
 * abandoned before any event was handed out. Callers split the window and ask again. Never
 * retried as is.
 */
public final class ExportTooLargeException extends MixpanelException {

  private final long maxEvents;

  ExportTooLargeException(String endpoint, String context, long maxEvents, int attempts) {
    super(
        "Mixpanel "
            + endpoint
            + " ("
            + context
            + ") returned more than "
            + maxEvents
            + " events; read a smaller window.",
        endpoint,
        200,
        attempts,
        null);
    this.maxEvents = maxEvents;
  }

  public long maxEvents() {
    return maxEvents;
  }
}
