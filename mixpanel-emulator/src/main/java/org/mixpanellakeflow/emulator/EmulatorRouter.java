package org.mixpanellakeflow.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of one region's server: runs each request through the same steps: route,
 * method, parameters, credentials, region, scripted fault, rate limit, handler. Paths match
 * with or without one trailing slash.
 */
final class EmulatorRouter implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatorRouter.class);
  static final String WRONG_CLUSTER = "request failed with error: invalid project id for cluster.";

  /** How a route finds its project. */
  enum Access {
    /** Basic auth with a service account or the project secret (export, Query API). */
    READ,
    /** Like READ, and the project token as Basic username too (/import). */
    IMPORT,
    /** No auth: each record carries the project token (/track, /engage). */
    TOKEN
  }

  /** Which budget a route draws on; NONE for ingestion. */
  enum Budget {
    NONE,
    EXPORT,
    QUERY
  }

  private record Route(Set<String> methods, Access access, Budget budget, EndpointHandler handler) {}

  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final EmulatorContext context;
  private final DataRegion region;
  private final EmulatorAuthenticator authenticator;

  EmulatorRouter(EmulatorContext context, DataRegion region) {
    this.context = context;
    this.region = region;
    this.authenticator = new EmulatorAuthenticator(context.projects());
    CohortsHandler cohorts = new CohortsHandler();
    EngageHandler engage = new EngageHandler(context);
    Set<String> getOrPost = Set.of("GET", "POST");
    routes.put("/api/2.0/export", new Route(Set.of("GET"), Access.READ, Budget.EXPORT, new ExportHandler(context.clock())));
    // the legacy path takes both methods (Airbyte and Singer GET it); the documented one is POST
    routes.put("/api/2.0/cohorts/list", new Route(getOrPost, Access.READ, Budget.QUERY, cohorts));
    routes.put("/api/query/cohorts/list", new Route(Set.of("POST"), Access.READ, Budget.QUERY, cohorts));
    routes.put("/api/2.0/engage", new Route(getOrPost, Access.READ, Budget.QUERY, engage));
    routes.put("/api/query/engage", new Route(getOrPost, Access.READ, Budget.QUERY, engage));
    // mixpanel-node's import() sends its one event by GET, in the query string
    routes.put("/import", new Route(getOrPost, Access.IMPORT, Budget.NONE, new ImportHandler(context)));
    routes.put("/api/app/data-deletions/v3.0",
        new Route(Set.of("POST"), Access.READ, Budget.NONE, new DeletionHandler(context)));
    routes.put("/track", new Route(getOrPost, Access.TOKEN, Budget.NONE,
        new TokenIngestion(context, region, TokenIngestion.Kind.TRACK)));
    routes.put("/engage", new Route(getOrPost, Access.TOKEN, Budget.NONE,
        new TokenIngestion(context, region, TokenIngestion.Kind.ENGAGE)));
  }

  @Override
  public void handle(HttpExchange raw) throws IOException {
    EmulatorExchange exchange = new EmulatorExchange(raw, context.log(), context.clock());
    Route route = null;
    try {
      route = route(exchange);
      exchange.requireDecodableParams();
      if (route.access() == Access.READ && route.budget() != Budget.NONE) {
        exchange.readJsonBodyAsParams();
      }
      EmulatedProject project = switch (route.access()) {
        case READ -> authenticator.authenticate(exchange);
        case IMPORT -> authenticator.authenticateImport(exchange);
        case TOKEN -> null;
      };
      if (project != null && project.region() != region) {
        throw ApiException.badRequest(WRONG_CLUSTER);
      }
      Fault fault = context.faults().next(exchange.path(), exchange.params());
      if (fault != null && fault.replacesResponse()) {
        FaultResponses.send(exchange, fault, project, route.budget() == Budget.EXPORT);
      } else {
        if (fault != null) {
          exchange.applyBodyFault(fault);
        }
        serveWithinBudget(route, exchange, project);
      }
      raw.close();
    } catch (ApiException e) {
      LOG.debug("{} {} refused with {}: {}", exchange.method(), exchange.path(), e.status(), e.getMessage());
      if (answersInSdkForm(route, exchange) && !exchange.responded()) {
        SdkReply.send(exchange, e.status(), e.getMessage());
        raw.close();
        return;
      }
      answerOrDrop(raw, exchange, e);
    } catch (IOException | RuntimeException e) {
      if (!exchange.hasBodyFault()) {
        LOG.warn("{} {} failed", exchange.method(), exchange.path(), e);
      }
      answerOrDrop(raw, exchange, e);
    } catch (Error e) {
      // the JDK server would let the thread die with the exchange unanswered and the client
      // waiting until its timeout; answer first
      answerOrDrop(raw, exchange, new IllegalStateException(e.toString(), e));
      throw e;
    }
  }

  private void serveWithinBudget(Route route, EmulatorExchange exchange, EmulatedProject project) throws IOException {
    RateLimiter limiter = context.limiter();
    if (limiter == null || project == null || route.budget() == Budget.NONE) {
      route.handler().handle(exchange, project);
      return;
    }
    RateLimiter.Api api = route.budget() == Budget.EXPORT ? RateLimiter.Api.EXPORT : RateLimiter.Api.QUERY;
    if (api == RateLimiter.Api.QUERY && limiter.exemptsEngagePages() && isLaterEngagePage(exchange)) {
      api = RateLimiter.Api.QUERY_PAGE;
    }
    limiter.acquire(project.projectId(), api, exchange);
    RateLimiter.Api held = api;
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        limiter.release(project.projectId(), held);
      }
    };
    // released before the client can have the whole response, so its next request never finds
    // this one still counted; and in any case when the handler is done
    exchange.beforeResponseComplete(release);
    try {
      route.handler().handle(exchange, project);
    } finally {
      release.run();
    }
  }

  /**
   * Whether refusals go out in the SDKs' reply form: always on {@code /track} and {@code
   * /engage}, on {@code /import} when the records came in a {@code data} parameter. The HTTP
   * status stays the refusal's.
   */
  private static boolean answersInSdkForm(Route route, EmulatorExchange exchange) {
    if (route == null) {
      return false;
    }
    return route.access() == Access.TOKEN || (route.access() == Access.IMPORT && SdkReply.isSdkForm(exchange));
  }

  private static boolean isLaterEngagePage(EmulatorExchange exchange) {
    String page = exchange.param("page");
    return exchange.path().contains("/engage") && exchange.param("session_id") != null
        && page != null && !page.trim().equals("0");
  }

  private Route route(EmulatorExchange exchange) {
    String path = exchange.path();
    String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    Route route = routes.get(normalized);
    if (route == null) {
      throw ApiException.notFound("Unknown endpoint " + path + ". The emulator serves " + String.join(", ", routes.keySet()));
    }
    if (!route.methods().contains(exchange.method())) {
      exchange.setHeader("Allow", String.join(", ", new TreeSet<>(route.methods())));
      throw ApiException.methodNotAllowed(
          exchange.method() + " is not allowed on " + path + "; use " + String.join(" or ", new TreeSet<>(route.methods())));
    }
    return route;
  }

  /**
   * Sends the error if nothing was sent yet. Once a 200 has started, the only honest signal left
   * is a broken stream: rethrowing makes the server drop the connection without ending the body.
   */
  private static void answerOrDrop(HttpExchange raw, EmulatorExchange exchange, Exception failure)
      throws IOException {
    if (exchange.responded()) {
      throw failure instanceof IOException io ? io : new IOException("Response aborted mid-stream", failure);
    }
    ApiException error = failure instanceof ApiException api
        ? api
        : ApiException.serverError("The emulator failed: " + failure.getMessage());
    exchange.respondError(error);
    raw.close();
  }
}
