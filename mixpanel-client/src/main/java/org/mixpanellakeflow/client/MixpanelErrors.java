package org.mixpanellakeflow.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Writes every exception this client throws: what failed, why, and what to do about it. Server text
 * is echoed with the configured secret scrubbed out, since some endpoints repeat the request.
 */
final class MixpanelErrors {

  private static final int MAX_SERVER_MESSAGE_CHARS = 500;
  private static final Pattern HISTORY_LIMIT =
      Pattern.compile("date range exceeds (\\d+) days into the past");

  private final String secret;
  private final Clock clock;

  MixpanelErrors(MixpanelCredentials credentials, Clock clock) {
    this.secret = Objects.requireNonNull(credentials, "credentials is null").secret();
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  /**
   * The exception for the last failed attempt of a request.
   *
   * @param context extra detail such as project and export window, or empty
   * @param note why retrying stopped early, or empty
   */
  MixpanelException fromFailure(
      RequestFailure failure, String endpoint, int attempts, String context, String note) {
    String head =
        "Mixpanel "
            + endpoint
            + withContext(context)
            + " failed with "
            + failure.describe()
            + " after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + serverText(failure.serverMessage())
            + ". "
            + note;
    return switch (failure.kind()) {
      case HTTP_STATUS -> fromStatus(failure, endpoint, attempts, head);
      case TIMEOUT ->
          new MixpanelException(
              head
                  + "No response within the connect or read timeout; Mixpanel may be busy or the"
                  + " window too large: try again later or export shorter windows.",
              endpoint,
              0,
              attempts,
              failure.cause());
      case CONNECTION_LOST ->
          new MixpanelException(
              head
                  + "The connection broke during the response ("
                  + scrub(String.valueOf(failure.cause()))
                  + "); check the network path to Mixpanel and try again.",
              endpoint,
              0,
              attempts,
              failure.cause());
      case REFUSED ->
          new MixpanelServerException(
              head
                  + "The host refused the connection ("
                  + scrub(String.valueOf(failure.cause()))
                  + "); the server may be restarting: try again later, and check that 'region'"
                  + " or the base URI names the right host and port.",
              endpoint,
              0,
              attempts);
      case UNREACHABLE -> unreachable(failure, endpoint, attempts, head);
      case TRUNCATED_BODY -> {
        TruncatedBodyException truncated = (TruncatedBodyException) failure.cause();
        yield truncated(endpoint, context, attempts, truncated.lineNumber(), truncated);
      }
    };
  }

  private MixpanelException unreachable(
      RequestFailure failure, String endpoint, int attempts, String head) {
    String fix =
        isTls(failure.cause())
            ? "The TLS handshake failed ("
                + scrub(String.valueOf(failure.cause()))
                + "); if the server shows a certificate from a private CA (the emulator over"
                + " HTTPS, a TLS-inspecting proxy), set extraCaCertificate to that CA's PEM file;"
                + " certificate checks are never switched off."
            : "Could not connect ("
                + scrub(String.valueOf(failure.cause()))
                + "); check the network, the proxy, and that 'region' or the base URI names a"
                + " reachable host.";
    return new MixpanelException(head + fix, endpoint, 0, attempts, failure.cause());
  }

  private MixpanelException fromStatus(
      RequestFailure failure, String endpoint, int attempts, String head) {
    int status = failure.status();
    String server = failure.serverMessage() == null ? "" : failure.serverMessage();
    String lower = server.toLowerCase(Locale.ROOT);
    if (status == 401 || (status == 400 && lower.contains("unable to authenticate request"))) {
      return new MixpanelAuthException(
          head
              + "Mixpanel did not accept the credentials: check 'username' and 'secret' (or"
              + " 'api_secret'); a service account may have expired, so create a new one under"
              + " Organization Settings > Service Accounts if needed.",
          endpoint,
          status,
          attempts);
    }
    Matcher history = HISTORY_LIMIT.matcher(lower);
    if (history.find()) {
      String days = history.group(1);
      return new MixpanelRequestException(
          head
              + "The Mixpanel plan keeps only "
              + days
              + " days of history for this API: set 'start_date' to a day within the last "
              + days
              + " days or 'historical_days' to at most "
              + days
              + ", or upgrade the plan for a longer history.",
          endpoint,
          status,
          attempts,
          failure.serverMessage());
    }
    if (status == 403) {
      return new MixpanelAuthException(
          head
              + "The credentials are valid but may not read this project: check that 'project_id'"
              + " is right and that the service account has a role in the project, and that"
              + " 'region' (US, EU, IN) is where the project lives.",
          endpoint,
          status,
          attempts);
    }
    if (status == 429) {
      Duration retryAfter =
          RetryPolicy.retryAfter(failure.retryAfter(), clock.instant()).orElse(null);
      return new MixpanelRateLimitedException(
          head
              + "Mixpanel limits each project (export: 60 queries/hour and 3/second; Query API: 60"
              + " queries/hour and 5 concurrent)"
              + (retryAfter == null ? "" : "; it asked to wait " + retryAfter.toSeconds() + "s")
              + ": another job may be spending the same project's budget; run again later, or"
              + " allow longer waits for the rate limit.",
          endpoint,
          attempts,
          retryAfter);
    }
    if (status >= 500) {
      return new MixpanelServerException(
          head + "Mixpanel had a server-side problem; try again later.",
          endpoint,
          status,
          attempts);
    }
    String fix;
    if (status == 402) {
      fix =
          "The Mixpanel plan does not include this API: the Query API (engage, cohorts) needs a"
              + " paid plan, and some older plans lack raw export; upgrade the plan, or leave out"
              + " the tables that read this endpoint.";
    } else if (lower.contains("to_date cannot be later than today")) {
      fix =
          "Mixpanel's today is earlier than the window's last day: set 'project_timezone' to the"
              + " project's timezone so windows end on Mixpanel's today, or end the window a day"
              + " earlier.";
    } else if (lower.contains("invalid project id for cluster")) {
      fix =
          "The project lives in another region: set 'region' to the project's data residency"
              + " (US, EU or IN).";
    } else if (endpoint.equals(MixpanelRequests.ENGAGE) && lower.contains("session")) {
      fix =
          "The engage session is no longer valid (sessions are short-lived): read again from page"
              + " 0 without a session_id; queryEngageAll does this once by itself.";
    } else if (status == 404) {
      fix = "The endpoint does not exist on this host; check 'region' or the base URI.";
    } else {
      fix = "Mixpanel rejected the request; correct the parameter the server message names.";
    }
    return new MixpanelRequestException(
        head + fix, endpoint, status, attempts, failure.serverMessage());
  }

  /** A 200 body cut short, reported once records may already have been delivered. */
  MixpanelProtocolException truncated(
      String endpoint, String context, int attempts, long lineNumber, Throwable cause) {
    return new MixpanelProtocolException(
        "Mixpanel "
            + endpoint
            + withContext(context)
            + " response was truncated"
            + (lineNumber > 0 ? " at line " + lineNumber : "")
            + " ("
            + scrub(cause.getMessage())
            + "); events before it may be"
            + " incomplete: discard them and re-read the window.",
        endpoint,
        attempts,
        lineNumber,
        cause);
  }

  /** A line or document that is not the JSON Mixpanel documents. */
  MixpanelProtocolException malformed(
      String endpoint,
      String context,
      int attempts,
      long lineNumber,
      String problem,
      Throwable cause) {
    return new MixpanelProtocolException(
        "Mixpanel "
            + endpoint
            + withContext(context)
            + " returned malformed data"
            + (lineNumber > 0 ? " at line " + lineNumber : "")
            + ": "
            + scrub(problem)
            + (lineNumber > 0
                ? ". Re-read the window; if it persists, report the line to Mixpanel support."
                : ". Retry the request; if it persists, report the response to Mixpanel"
                    + " support."),
        endpoint,
        attempts,
        lineNumber,
        cause);
  }

  MixpanelException interrupted(String endpoint, int attempts, InterruptedException cause) {
    return new MixpanelException(
        "Mixpanel "
            + endpoint
            + " was interrupted after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + "; the thread's interrupt flag is set"
            + " again so the caller can stop.",
        endpoint,
        0,
        attempts,
        cause);
  }

  /** Removes the configured secret from text that came from the server or the network stack. */
  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String clean = secret.isEmpty() ? text : text.replace(secret, "****");
    return clean.length() > MAX_SERVER_MESSAGE_CHARS
        ? clean.substring(0, MAX_SERVER_MESSAGE_CHARS) + "..."
        : clean;
  }

  private String serverText(String serverMessage) {
    if (serverMessage == null || serverMessage.isBlank()) {
      return "";
    }
    String text = scrub(serverMessage.strip());
    // the caller appends its own full stop
    return ": " + (text.endsWith(".") ? text.substring(0, text.length() - 1) : text);
  }

  private static boolean isTls(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  private static String withContext(String context) {
    return context == null || context.isEmpty() ? "" : " (" + context + ")";
  }
}
