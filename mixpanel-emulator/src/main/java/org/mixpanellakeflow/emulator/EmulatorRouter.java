package org.mixpanellakeflow.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps paths to endpoints and runs each request through the same steps: route, method,
 * parameters, credentials, handler. Paths match with or without one trailing slash.
 */
final class EmulatorRouter implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatorRouter.class);

  private record Route(Set<String> methods, EndpointHandler handler) {}

  private final Map<String, Route> routes;
  private final EmulatorAuthenticator authenticator;
  private final RequestLog log;

  EmulatorRouter(Clock clock, List<EmulatedProject> projects, RequestLog log) {
    this.authenticator = new EmulatorAuthenticator(projects);
    this.log = log;
    CohortsHandler cohorts = new CohortsHandler();
    this.routes = Map.of(
        "/api/2.0/export", new Route(Set.of("GET"), new ExportHandler(clock)),
        // the legacy path takes both methods (Airbyte and Singer GET it); the documented one is POST
        "/api/2.0/cohorts/list", new Route(Set.of("GET", "POST"), cohorts),
        "/api/query/cohorts/list", new Route(Set.of("POST"), cohorts));
  }

  @Override
  public void handle(HttpExchange raw) throws IOException {
    EmulatorExchange exchange = new EmulatorExchange(raw, log);
    try {
      Route route = route(exchange);
      exchange.requireDecodableParams();
      EmulatedProject project = authenticator.authenticate(exchange);
      route.handler().handle(exchange, project);
      raw.close();
    } catch (ApiException e) {
      LOG.debug("{} {} refused with {}: {}", exchange.method(), exchange.path(), e.status(), e.getMessage());
      answerOrDrop(raw, exchange, e);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} {} failed", exchange.method(), exchange.path(), e);
      answerOrDrop(raw, exchange, e);
    }
  }

  private Route route(EmulatorExchange exchange) {
    String path = exchange.path();
    String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    Route route = routes.get(normalized);
    if (route == null) {
      throw ApiException.notFound(
          "Unknown endpoint " + path + ". The emulator serves /api/2.0/export, /api/2.0/cohorts/list"
              + " and /api/query/cohorts/list");
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
