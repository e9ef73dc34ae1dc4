package org.mixpanellakeflow.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request until it succeeds, {@link RetryPolicy} says stop, or the total wait would pass
 * {@code maxRetryWait} ({@code maxRateLimitWait} for the waits Mixpanel's 429s ask for). Every attempt first takes a slot from the call's {@link RateLimiter}; the
 * slot is held until the response body is closed, and a 429 holds back the whole budget. A 2xx body
 * goes to a {@link BodyReader}; an I/O failure while the reader is still inside {@code read} counts
 * as a failed attempt, which is how a body cut off before its first record is retried. After {@code
 * read} returns, failures belong to the caller. Thread safe.
 */
final class RetryingTransport {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingTransport.class);
  private static final int MAX_ERROR_BODY_BYTES = 16 * 1024;

  /** Consumes a 2xx body; owns it (and so the rate-limit slot) once {@code read} returns. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(ResponseBody body, int attempt) throws IOException;
  }

  /**
   * One API call.
   *
   * @param endpoint the API path, for stats, logs and messages
   * @param context what is being read (project, window) for messages, or empty
   * @param limiter the budget of the endpoint's API family
   * @param cost whether the call counts toward the budget's rolling hour
   */
  record Call(
      String endpoint,
      String context,
      HttpRequest request,
      RateLimiter limiter,
      RateLimiter.Cost cost) {
    Call {
      Objects.requireNonNull(endpoint, "endpoint is null");
      Objects.requireNonNull(context, "context is null");
      Objects.requireNonNull(request, "request is null");
      Objects.requireNonNull(limiter, "limiter is null");
      Objects.requireNonNull(cost, "cost is null");
    }
  }

  private final HttpClient http;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final Duration maxRetryWait;
  private final Duration maxRateLimitWait;
  private final StalledBodyGuard guard;
  private final StatsRecorder stats;
  private final MixpanelErrors errors;

  RetryingTransport(
      HttpClient http,
      RetryPolicy policy,
      Sleeper sleeper,
      Duration maxRetryWait,
      Duration maxRateLimitWait,
      StalledBodyGuard guard,
      StatsRecorder stats,
      MixpanelErrors errors) {
    this.http = Objects.requireNonNull(http, "http is null");
    this.policy = Objects.requireNonNull(policy, "policy is null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper is null");
    this.maxRetryWait = Objects.requireNonNull(maxRetryWait, "maxRetryWait is null");
    this.maxRateLimitWait = Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait is null");
    this.guard = Objects.requireNonNull(guard, "guard is null");
    this.stats = Objects.requireNonNull(stats, "stats is null");
    this.errors = Objects.requireNonNull(errors, "errors is null");
  }

  <T> T send(Call call, BodyReader<T> reader) {
    String endpoint = call.endpoint();
    Duration waited = Duration.ZERO;
    Duration rateLimited = Duration.ZERO;
    // 429s do not use up attempts: Mixpanel asks for time, and gets it up to maxRateLimitWait
    int attempt = 0;
    int sent = 0;
    while (true) {
      sent++;
      Outcome<T> outcome = attempt(call, reader, sent);
      if (outcome.failure() == null) {
        return outcome.result();
      }
      RequestFailure cause = outcome.failure();
      boolean rateLimit = RetryPolicy.isRateLimit(cause);
      if (!rateLimit) {
        attempt++;
      }
      Duration delay = policy.delayFor(cause, rateLimit ? sent : attempt);
      if (rateLimit) {
        // the project is over its limit for every request of this client, not only for this one
        call.limiter().backOff(delay);
      }
      if (!policy.shouldRetry(cause, attempt)) {
        throw errors.fromFailure(cause, endpoint, sent, call.context(), "");
      }
      Duration spent = rateLimit ? rateLimited : waited;
      Duration allowed = rateLimit ? maxRateLimitWait : maxRetryWait;
      if (spent.plus(delay).compareTo(allowed) > 0) {
        throw errors.fromFailure(
            cause,
            endpoint,
            sent,
            call.context(),
            "Stopped retrying: another wait of "
                + delay.toMillis()
                + " ms would pass the "
                + (rateLimit ? "rate-limit wait" : "retry budget")
                + " of "
                + allowed.toMillis()
                + " ms. ");
      }
      stats.retry(endpoint, delay);
      if (rateLimit) {
        LOG.info(
            "Mixpanel {} answered 429 (rate limited); waiting {} ms as asked, {} ms of {} ms used",
            endpoint,
            delay.toMillis(),
            rateLimited.toMillis(),
            maxRateLimitWait.toMillis());
        rateLimited = rateLimited.plus(delay);
        // the limiter holds back the retry, and this client's other requests, until then
        continue;
      }
      LOG.info(
          "Mixpanel {} failed with {} on attempt {} of {}; retrying in {} ms",
          endpoint,
          cause.describe(),
          attempt,
          policy.maxAttempts(),
          delay.toMillis());
      waited = waited.plus(delay);
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.interrupted(endpoint, sent, e);
      }
    }
  }

  /** The reader's result, or why the attempt failed when {@code failure} is set. */
  private record Outcome<T>(T result, RequestFailure failure) {}

  private <T> Outcome<T> attempt(Call call, BodyReader<T> reader, int attempt) {
    String endpoint = call.endpoint();
    RateLimiter.Permit permit;
    try {
      permit = call.limiter().acquire(call.cost());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.interrupted(endpoint, attempt - 1, e);
    }
    stats.budgetWait(endpoint, permit.waited());
    stats.request(endpoint);
    ResponseBody body = null;
    boolean delivered = false;
    try {
      HttpResponse<InputStream> response =
          http.send(call.request(), HttpResponse.BodyHandlers.ofInputStream());
      InputStream raw =
          guard.guard(new ReleasingStream(response.body(), permit), n -> stats.bytes(endpoint, n));
      body = new ResponseBody(raw, response.headers().firstValue("Content-Encoding").orElse(null));
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        T result = reader.read(body, attempt);
        delivered = true;
        return new Outcome<>(result, null);
      }
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      return new Outcome<>(null, RequestFailure.httpStatus(status, retryAfter, errorText(body)));
    } catch (IOException e) {
      return new Outcome<>(null, RequestFailure.of(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.interrupted(endpoint, attempt, e);
    } finally {
      if (!delivered) {
        closeQuietly(body == null ? null : body.raw());
        permit.close();
      }
    }
  }

  /** The {@code error} field of a JSON error body, else the start of the body as text. */
  private static String errorText(ResponseBody body) {
    byte[] bytes;
    try {
      bytes = body.decoded().readNBytes(MAX_ERROR_BODY_BYTES);
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

  /** Frees the rate-limit slot when the body is closed, by whoever owns it by then. */
  private static final class ReleasingStream extends FilterInputStream {
    private final RateLimiter.Permit permit;

    ReleasingStream(InputStream in, RateLimiter.Permit permit) {
      super(in);
      this.permit = permit;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return in.read(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        permit.close();
      }
    }
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
