package org.mixpanellakeflow.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request until it succeeds, {@link RetryPolicy} says stop, or the total wait would pass
 * {@code maxRetryWait}. A 2xx body goes to a {@link BodyReader}; an I/O failure while the reader is
 * still inside {@code read} counts as a failed attempt, which is how a body cut off before its
 * first record is retried. After {@code read} returns, failures belong to the caller. Thread safe.
 */
final class RetryingTransport {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingTransport.class);
  private static final int MAX_ERROR_BODY_BYTES = 16 * 1024;
  private static final int GZIP_BUFFER_BYTES = 64 * 1024;

  /** Consumes a 2xx body; owns it once {@code read} returns normally. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(InputStream body, int attempt) throws IOException;
  }

  private final HttpClient http;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Duration maxRetryWait;
  private final StalledBodyGuard guard;
  private final StatsRecorder stats;
  private final MixpanelErrors errors;

  RetryingTransport(
      HttpClient http,
      RetryPolicy policy,
      Sleeper sleeper,
      Duration maxRetryWait,
      StalledBodyGuard guard,
      StatsRecorder stats,
      MixpanelErrors errors) {
    this.http = Objects.requireNonNull(http, "http is null");
    this.policy = Objects.requireNonNull(policy, "policy is null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper is null");
    this.maxRetryWait = Objects.requireNonNull(maxRetryWait, "maxRetryWait is null");
    this.guard = Objects.requireNonNull(guard, "guard is null");
    this.stats = Objects.requireNonNull(stats, "stats is null");
    this.errors = Objects.requireNonNull(errors, "errors is null");
  }

  /**
   * @param endpoint the API path, for stats, logs and messages
   * @param context what is being read (project, window) for messages, or empty
   */
  <T> T send(String endpoint, String context, HttpRequest request, BodyReader<T> reader) {
    Duration waited = Duration.ZERO;
    int attempt = 0;
    while (true) {
      attempt++;
      stats.request(endpoint);
      RequestFailure failure;
      InputStream body = null;
      try {
        HttpResponse<InputStream> response =
            http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        body = decoded(response, endpoint);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          T result = reader.read(body, attempt);
          body = null;
          return result;
        }
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        failure = RequestFailure.httpStatus(status, retryAfter, errorText(body));
      } catch (IOException e) {
        failure = RequestFailure.of(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.interrupted(endpoint, attempt, e);
      } finally {
        closeQuietly(body);
      }

      if (!policy.shouldRetry(failure, attempt)) {
        throw errors.fromFailure(failure, endpoint, attempt, context, "");
      }
      Duration delay = policy.delayFor(failure, attempt);
      if (waited.plus(delay).compareTo(maxRetryWait) > 0) {
        throw errors.fromFailure(
            failure,
            endpoint,
            attempt,
            context,
            "Stopped retrying: another wait of "
                + delay.toMillis()
                + " ms would pass the retry budget of "
                + maxRetryWait.toMillis()
                + " ms. ");
      }
      LOG.info(
          "Mixpanel {} failed with {} on attempt {} of {}; retrying in {} ms",
          endpoint,
          failure.describe(),
          attempt,
          policy.maxAttempts(),
          delay.toMillis());
      stats.retry(endpoint, delay);
      waited = waited.plus(delay);
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.interrupted(endpoint, attempt, e);
      }
    }
  }

  private InputStream decoded(HttpResponse<InputStream> response, String endpoint)
      throws IOException {
    InputStream raw = guard.guard(response.body(), count -> stats.bytes(endpoint, count));
    boolean gzip =
        response.headers().allValues("Content-Encoding").stream()
            .anyMatch(value -> value.trim().equalsIgnoreCase("gzip"));
    if (!gzip) {
      return raw;
    }
    // an empty body has no gzip header to read; GZIPInputStream would fail on it
    PushbackInputStream peek = new PushbackInputStream(raw, 1);
    int first = peek.read();
    if (first < 0) {
      return peek;
    }
    peek.unread(first);
    try {
      return new GZIPInputStream(peek, GZIP_BUFFER_BYTES);
    } catch (IOException e) {
      closeQuietly(peek);
      throw e;
    }
  }

  /** The {@code error} field of a JSON error body, else the start of the body as text. */
  private static String errorText(InputStream body) {
    byte[] bytes;
    try {
      bytes = body.readNBytes(MAX_ERROR_BODY_BYTES);
    } catch (IOException e) {
      return null; // the status says enough
    }
    try (JsonParser parser = JsonValues.FACTORY.createParser(bytes)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          if ("error".equals(name) && value == JsonToken.VALUE_STRING) {
            return parser.getText();
          }
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // not JSON: fall through to the raw text
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? null : text;
  }

  static void closeQuietly(InputStream body) {
    if (body != null) {
      try {
        body.close();
      } catch (IOException e) {
        LOG.debug("Closing a response body failed", e);
      }
    }
  }
}
