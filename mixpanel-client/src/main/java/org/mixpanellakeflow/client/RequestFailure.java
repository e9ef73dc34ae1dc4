package org.mixpanellakeflow.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Why one attempt failed, in the terms {@link RetryPolicy} decides on.
 *
 * @param kind the failure class
 * @param status the HTTP status for {@link Kind#HTTP_STATUS}, else 0
 * @param retryAfter the raw Retry-After header, or {@code null}
 * @param serverMessage the server's error text (secrets removed), or {@code null}
 * @param cause the I/O error behind a non-HTTP failure, or {@code null}
 */
record RequestFailure(
    Kind kind, int status, String retryAfter, String serverMessage, IOException cause) {

  enum Kind {
    /** The server answered with a non-2xx status. */
    HTTP_STATUS,
    /** No response, or no body progress, within the configured timeouts. */
    TIMEOUT,
    /** The connection broke after it was established (reset, premature EOF). */
    CONNECTION_LOST,
    /** The host answered but refused the connection: a server restarting, a full backlog. */
    REFUSED,
    /** No connection could be made at all: unknown host, TLS failure. */
    UNREACHABLE,
    /** A 200 body ended early, before any record reached the caller. */
    TRUNCATED_BODY
  }

  RequestFailure {
    Objects.requireNonNull(kind, "kind is null");
  }

  static RequestFailure httpStatus(int status, String retryAfter, String serverMessage) {
    return new RequestFailure(Kind.HTTP_STATUS, status, retryAfter, serverMessage, null);
  }

  static RequestFailure of(IOException error) {
    Kind kind;
    if (error instanceof TruncatedBodyException) {
      kind = Kind.TRUNCATED_BODY;
    } else if (error instanceof HttpConnectTimeoutException
        || error instanceof HttpTimeoutException) {
      kind = Kind.TIMEOUT;
    } else if (error instanceof ConnectException && !(error.getCause() instanceof UnknownHostException)
        && !(error.getCause() instanceof java.nio.channels.UnresolvedAddressException)) {
      kind = Kind.REFUSED;
    } else if (error instanceof ConnectException
        || error instanceof UnknownHostException
        || error instanceof SSLException) {
      kind = Kind.UNREACHABLE;
    } else {
      kind = Kind.CONNECTION_LOST;
    }
    return new RequestFailure(kind, 0, null, null, error);
  }

  /** For log lines: the status, or the kind when no response arrived. */
  String describe() {
    return kind == Kind.HTTP_STATUS
        ? "HTTP " + status
        : kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
