package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Sends the error responses that {@link Fault}s put in place of the real ones. */
final class FaultResponses {
  static final String QUERY_PLAN_GATE = "Your plan does not allow API calls. Upgrade at mixpanel.com/pricing";
  static final String EXPORT_PLAN_GATE =
      "Your plan does not support raw data export. Visit mixpanel.com/pricing to upgrade.";

  private FaultResponses() {}

  static void send(EmulatorExchange exchange, Fault fault, EmulatedProject project, boolean export) throws IOException {
    exchange.injectedFault(fault.description());
    switch (fault.kind()) {
      case RATE_LIMITED -> {
        if (fault.duration() != null) {
          exchange.setHeader("Retry-After", Long.toString(fault.retryAfterSeconds()));
        }
        String id = project == null ? String.valueOf(exchange.param("project_id")) : Long.toString(project.projectId());
        exchange.respondError(ApiException.tooManyRequests("Query rate limit exceeded for project_id: " + id
            + ". 1/5 queries running concurrently and 61/60 queries running in the last hour."
            + " For more information, please consult our documentation at " + RateLimiter.DOCS));
      }
      case PLAN_GATE -> exchange.respondError(ApiException.paymentRequired(export ? EXPORT_PLAN_GATE : QUERY_PLAN_GATE));
      case STATUS -> {
        if (fault.status() >= 500) {
          // a load balancer's page, not a Mixpanel JSON error: clients must not need to parse it
          String page = "<html><body><h1>" + fault.status() + " " + reason(fault.status()) + "</h1></body></html>\n";
          exchange.respond(fault.status(), "text/html", page.getBytes(StandardCharsets.UTF_8));
        } else {
          exchange.respondError(ApiException.withStatus(fault.status(), "Injected fault: " + reason(fault.status())));
        }
      }
      default -> throw new IllegalArgumentException("not a response fault: " + fault);
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
  }
}
