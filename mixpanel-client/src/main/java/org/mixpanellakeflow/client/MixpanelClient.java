package org.mixpanellakeflow.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Reads Mixpanel's raw export, engage and cohort APIs. Thread safe: one instance shares one
 * connection pool among all threads, so create one per process (or per Spark task) and close it
 * when done. Failed attempts are retried per {@link RetryPolicy} until data starts flowing;
 * failures are reported as {@link MixpanelException} subclasses.
 */
public final class MixpanelClient implements AutoCloseable {

  /**
   * Caps one wait, so that a Retry-After of an hour cannot park a reader that long; the total is
   * capped separately by {@link MixpanelClientConfig#maxRetryWait()}.
   */
  private static final Duration MAX_SINGLE_WAIT = Duration.ofMinutes(2);

  private final MixpanelClientConfig config;
  private final MixpanelRequests requests;
  private final RetryingTransport transport;
  private final MixpanelErrors errors;
  private final StatsRecorder stats = new StatsRecorder();
  private volatile boolean closed;

  private MixpanelClient(
      MixpanelClientConfig config, Clock clock, Sleeper sleeper, RandomGenerator random) {
    this.config = Objects.requireNonNull(config, "config is null");
    this.requests = new MixpanelRequests(config);
    this.errors = new MixpanelErrors(config.credentials(), clock);
    HttpClient http =
        HttpClient.newBuilder()
            // one connection per concurrent export: HTTP/2 would squeeze parallel exports
            // through one TCP connection
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            // a followed redirect could carry the Authorization header to another host
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.transport =
        new RetryingTransport(
            http,
            new RetryPolicy(config.maxAttempts(), MAX_SINGLE_WAIT, clock, random),
            sleeper,
            config.maxRetryWait(),
            new StalledBodyGuard(config.readTimeout()),
            stats,
            errors);
  }

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
   * until then failures are retried. Always asks for millisecond {@code time}.
   */
  public ExportStream export(ExportRequest request) {
    Objects.requireNonNull(request, "request is null");
    checkOpen();
    String context =
        projectContext().isEmpty()
            ? "window " + request.window()
            : projectContext() + ", window " + request.window();
    return transport.send(
        MixpanelRequests.EXPORT,
        context,
        requests.export(request),
        (body, attempt) -> {
          ExportStream stream =
              new ExportStream(body, errors, MixpanelRequests.EXPORT, context, attempt);
          try {
            stream.readFirst();
          } catch (IOException | RuntimeException e) {
            stream.close();
            throw e;
          }
          return stream;
        });
  }

  /** Every saved cohort of the project: {@code id}, {@code name}, {@code count}, ... as JSON. */
  public List<Map<String, Object>> listCohorts() {
    checkOpen();
    String endpoint = MixpanelRequests.COHORTS_LIST;
    String context = projectContext();
    return transport.send(
        endpoint,
        context,
        requests.cohortsList(),
        (body, attempt) -> {
          Object document = readDocument(body, endpoint, context, attempt);
          if (!(document instanceof List<?> list)) {
            throw errors.malformed(
                endpoint, context, attempt, 0, "expected a JSON array of cohorts", null);
          }
          List<Map<String, Object>> cohorts = new ArrayList<>(list.size());
          for (Object item : list) {
            cohorts.add(asObject(item, "a cohort", endpoint, context, attempt));
          }
          return List.copyOf(cohorts);
        });
  }

  /**
   * One page of profiles. Page 0 starts a session; later pages need the {@code sessionId} it
   * returned and the same query.
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
    return transport.send(
        endpoint,
        context,
        requests.engage(query, page, sessionId),
        (body, attempt) -> {
          Object document = readDocument(body, endpoint, context, attempt);
          Map<String, Object> envelope =
              asObject(document, "the response", endpoint, context, attempt);
          Object rawResults = envelope.get("results");
          List<Map<String, Object>> results = new ArrayList<>();
          if (rawResults instanceof List<?> list) {
            for (Object item : list) {
              results.add(asObject(item, "a profile", endpoint, context, attempt));
            }
          } else if (rawResults != null) {
            throw errors.malformed(
                endpoint, context, attempt, 0, "'results' is not a JSON array", null);
          }
          int pageSize =
              envelope.get("page_size") instanceof Number n ? n.intValue() : defaultPageSize(query);
          String nextSession = envelope.get("session_id") instanceof String s ? s : null;
          Long total = envelope.get("total") instanceof Number n ? n.longValue() : null;
          int returnedPage = envelope.get("page") instanceof Number n ? n.intValue() : page;
          return new EngagePage(returnedPage, pageSize, nextSession, total, results);
        });
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

  private String projectContext() {
    return config.projectId() == null ? "" : "project " + config.projectId();
  }

  private static int defaultPageSize(EngageQuery query) {
    return query.pageSize() != null ? query.pageSize() : 1000;
  }

  private Object readDocument(InputStream body, String endpoint, String context, int attempt)
      throws IOException {
    try (InputStream in = body;
        JsonParser parser = JsonValues.FACTORY.createParser(in)) {
      parser.nextToken();
      return JsonValues.read(parser);
    } catch (JsonEOFException e) {
      // an IOException, so the transport retries it like a dropped connection
      throw new TruncatedBodyException("the JSON document ends early", 0);
    } catch (JsonProcessingException e) {
      throw errors.malformed(endpoint, context, attempt, 0, e.getOriginalMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asObject(
      Object value, String what, String endpoint, String context, int attempt) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw errors.malformed(
        endpoint, context, attempt, 0, "expected " + what + " to be a JSON object", null);
  }

  private static String withPage(String projectContext, int page) {
    return projectContext.isEmpty() ? "page " + page : projectContext + ", page " + page;
  }
}
