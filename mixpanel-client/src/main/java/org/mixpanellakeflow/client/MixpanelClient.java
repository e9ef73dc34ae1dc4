package org.mixpanellakeflow.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Reads Mixpanel's raw export, engage and cohort APIs. Thread safe: one instance shares one
 * connection pool among all threads, so create one per process (or per Spark task) and close it
 * when done. Requests first wait for the project's {@link RequestBudget}, which every client of the
 * JVM shares; failed attempts are retried per {@link RetryPolicy} until data starts flowing;
 * failures are reported as {@link MixpanelException} subclasses.
 */
public final class MixpanelClient implements AutoCloseable {

  /**
   * Caps one wait after a failure other than a 429 (whose Retry-After is followed up to {@link
   * MixpanelClientConfig#maxRateLimitWait()}); the total is capped by {@link
   * MixpanelClientConfig#maxRetryWait()}.
   */
  private static final Duration MAX_SINGLE_WAIT = Duration.ofMinutes(2);

  private final MixpanelClientConfig config;
  private final MixpanelRequests requests;
  private final RetryingTransport transport;
  private final MixpanelErrors errors;
  private final QueryResponses responses;
  private final RateLimiter exportLimiter;
  private final RateLimiter queryLimiter;
  private final StatsRecorder stats = new StatsRecorder();
  private volatile boolean closed;

  private MixpanelClient(
      MixpanelClientConfig config, Clock clock, Sleeper sleeper, RandomGenerator random) {
    this.config = Objects.requireNonNull(config, "config is null");
    this.requests = new MixpanelRequests(config);
    this.errors = new MixpanelErrors(config.credentials(), clock);
    this.responses = new QueryResponses(errors);
    this.exportLimiter = RateLimiter.forProject(ApiFamily.EXPORT, config, clock, sleeper);
    this.queryLimiter = RateLimiter.forProject(ApiFamily.QUERY, config, clock, sleeper);
    HttpClient.Builder http =
        HttpClient.newBuilder()
            // one connection per concurrent export: HTTP/2 would squeeze parallel exports
            // through one TCP connection
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            // a followed redirect could carry the Authorization header to another host
            .followRedirects(HttpClient.Redirect.NEVER);
    if (config.extraCaCertificate() != null) {
      http.sslContext(TrustedCertificates.withExtraCa(config.extraCaCertificate()));
    }
    this.transport =
        new RetryingTransport(
            http.build(),
            new RetryPolicy(config.maxAttempts(), MAX_SINGLE_WAIT, clock, random),
            sleeper,
            config.maxRetryWait(),
            config.maxRateLimitWait(),
            new StalledBodyGuard(config.readTimeout()),
            stats,
            errors);
  }

  /**
   * @throws IllegalArgumentException if {@link MixpanelClientConfig#extraCaCertificate()} cannot be
   *     read as PEM certificates
   */
  public static MixpanelClient create(MixpanelClientConfig config) {
    return create(
        config, Clock.systemUTC(), Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextLong());
  }

  static MixpanelClient create(
      MixpanelClientConfig config, Clock clock, Sleeper sleeper, RandomGenerator random) {
    return new MixpanelClient(config, clock, sleeper, random);
  }

  /**
   * Starts a raw export and returns once the first event (or the end of an empty body) has arrived;
   * until then failures are retried. Events are parsed as they arrive, so a failure later in the
   * body leaves the caller with part of the window: see {@link ExportStream}. Always asks for
   * millisecond {@code time}.
   */
  public ExportStream<ExportedEvent> export(ExportRequest request) {
    Objects.requireNonNull(request, "request is null");
    checkOpen();
    String context = exportContext(request);
    return transport.send(
        exportCall(request, context),
        (body, attempt) -> {
          InputStream decoded = body.decoded();
          ExportLines<ExportedEvent> lines =
              new ExportLines<>(
                  decoded,
                  ExportLineDecoder.EVENTS,
                  config.onMalformedLine(),
                  ExportLines.Reporting.LOG_SKIPPED,
                  errors,
                  MixpanelRequests.EXPORT,
                  context,
                  attempt);
          ExportStream<ExportedEvent> stream =
              new ExportStream<>(
                  decoded, lines, () -> stats.lines(lines.malformedLines(), lines.rejoinedLines()));
          try {
            stream.readFirst();
          } catch (IOException | RuntimeException e) {
            // not stream.close(): the counts of a failed attempt stay out of the stats
            RetryingTransport.closeQuietly(decoded);
            throw e;
          }
          return stream;
        });
  }

  /**
   * A raw export read in full before the first event is handed out, for exactly-once reads: the
   * body is written to a temporary file in {@code spoolDir} (still gzip-compressed if the server
   * compressed it) and its end checked; a body cut short, a lost connection, a 5xx or a 429 retries
   * the whole request within the retry budget. Only then are events read back from the file and
   * parsed, once, with memory bounded by the longest line. The file is deleted when the stream is
   * closed or the request fails. Iteration fails only if the local file cannot be read or a line
   * in the middle is malformed (under {@link OnMalformedLine#FAIL}).
   *
   * @param spoolDir where the temporary file goes; created if missing, and it needs room for one
   *     compressed window
   */
  public ExportStream<ExportedEvent> exportSpooled(ExportRequest request, Path spoolDir) {
    return exportSpooled(request, spoolDir, Long.MAX_VALUE, ExportLineDecoder.EVENTS);
  }

  /**
   * As {@link #exportSpooled(ExportRequest, Path)}, but gives up with {@link
   * ExportTooLargeException} as soon as the body holds more than {@code maxEvents} events, so the
   * caller can ask for a smaller window instead.
   */
  public ExportStream<ExportedEvent> exportSpooled(
      ExportRequest request, Path spoolDir, long maxEvents) {
    return exportSpooled(request, spoolDir, maxEvents, ExportLineDecoder.EVENTS);
  }

  /**
   * As {@link #exportSpooled(ExportRequest, Path, long)}, with each line decoded by {@code decoder}
   * (straight into the caller's own representation, with no tree in between); the same decoder
   * serves every line of the stream.
   */
  public <T> ExportStream<T> exportSpooled(
      ExportRequest request, Path spoolDir, long maxEvents, ExportLineDecoder<T> decoder) {
    Objects.requireNonNull(decoder, "decoder is null");
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be positive, got " + maxEvents);
    }
    Objects.requireNonNull(request, "request is null");
    Objects.requireNonNull(spoolDir, "spoolDir is null");
    checkOpen();
    String context = exportContext(request);
    return transport.send(
        exportCall(request, context),
        new ExportSpool<>(
            spoolDir,
            decoder,
            config.onMalformedLine(),
            errors,
            stats,
            MixpanelRequests.EXPORT,
            context,
            maxEvents));
  }

  /** Every saved cohort of the project: {@code id}, {@code name}, {@code count}, ... as JSON. */
  public List<Map<String, Object>> listCohorts() {
    checkOpen();
    String endpoint = MixpanelRequests.COHORTS_LIST;
    String context = projectContext();
    return transport.send(
        new RetryingTransport.Call(
            endpoint, context, requests.cohortsList(), queryLimiter, RateLimiter.Cost.COUNTED),
        (body, attempt) -> responses.cohorts(body.decoded(), endpoint, context, attempt));
  }

  /**
   * One page of profiles. Page 0 starts a session; later pages need the {@code sessionId} it
   * returned and the same query. Prefer {@link #queryEngageAll}, which pages by itself.
   *
   * @param sessionId {@code null} for page 0
   */
  public EngagePage queryEngage(EngageQuery query, int page, String sessionId) {
    Objects.requireNonNull(query, "query is null");
    if (page < 0) {
      throw new IllegalArgumentException("Invalid engage page " + page + ": pages start at 0");
    }
    if (page > 0 && sessionId == null) {
      throw new IllegalArgumentException(
          "Engage page " + page + " needs the session_id returned with page 0; pass it along");
    }
    checkOpen();
    String endpoint = MixpanelRequests.ENGAGE;
    String context = withPage(projectContext(), page);
    RateLimiter.Cost cost =
        page == 0 || config.engagePagesCounted()
            ? RateLimiter.Cost.COUNTED
            : RateLimiter.Cost.CONCURRENCY_ONLY;
    return transport.send(
        new RetryingTransport.Call(
            endpoint, context, requests.engage(query, page, sessionId), queryLimiter, cost),
        (body, attempt) ->
            responses.engagePage(body.decoded(), query, page, endpoint, context, attempt));
  }

  /**
   * Every profile the query matches, page after page; reads page 0 before returning. See {@link
   * EngageStream} for what happens when Mixpanel expires the session midway.
   */
  public EngageStream queryEngageAll(EngageQuery query) {
    Objects.requireNonNull(query, "query is null");
    checkOpen();
    return new EngageStream(this::queryEngage, query);
  }

  /**
   * When this client started the requests of {@code family} that count toward Mixpanel's hourly
   * limit, in epoch milliseconds, retries included: what a planner needs to give the next clients
   * their share of the hour.
   */
  public List<Long> countedRequestStarts(ApiFamily family) {
    return (family == ApiFamily.EXPORT ? exportLimiter : queryLimiter).countedStarts();
  }

  /** The limiter of one family, for tests of pacing. */
  RateLimiter limiter(ApiFamily family) {
    return family == ApiFamily.EXPORT ? exportLimiter : queryLimiter;
  }

  /** Counts since creation; cheap, safe to call from any thread. */
  public ClientStats stats() {
    return stats.snapshot();
  }

  /**
   * Refuses further calls. Streams already open stay readable until closed. Java 17's HttpClient
   * has no close of its own; its idle connections go when the client is garbage collected.
   */
  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("MixpanelClient is closed; create a new one");
    }
  }

  private RetryingTransport.Call exportCall(ExportRequest request, String context) {
    return new RetryingTransport.Call(
        MixpanelRequests.EXPORT,
        context,
        requests.export(request),
        exportLimiter,
        RateLimiter.Cost.COUNTED);
  }

  private String exportContext(ExportRequest request) {
    return projectContext().isEmpty()
        ? "window " + request.window()
        : projectContext() + ", window " + request.window();
  }

  private String projectContext() {
    return config.projectId() == null ? "" : "project " + config.projectId();
  }

  private static String withPage(String projectContext, int page) {
    return projectContext.isEmpty() ? "page " + page : projectContext + ", page " + page;
  }
}
