package org.mixpanellakeflow.emulator;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the emulator answered, recorded when its status was sent, so a client that has
 * seen the response always finds the entry.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param path the request path as sent, e.g. {@code /api/2.0/export/}
 * @param queryParams decoded query-string parameters, plus form-body parameters of a form POST
 *     and the members of a JSON-object body on Query-API endpoints; first value wins. Never holds
 *     the Authorization header; secret-named parameters are redacted, and values over 512
 *     characters (ingestion payloads) are replaced by their length.
 * @param status the HTTP status sent; refusals (429 from the rate limiter, 401, ...) are logged too
 * @param fault the scripted fault injected into this exchange, described, if any
 * @param receivedAt what the emulator's clock read when the request arrived
 */
public record LoggedRequest(
    String method, String path, Map<String, String> queryParams, int status, Optional<String> fault,
    Instant receivedAt) {
  public LoggedRequest {
    Objects.requireNonNull(method, "method is null");
    Objects.requireNonNull(path, "path is null");
    queryParams = Map.copyOf(Objects.requireNonNull(queryParams, "queryParams is null"));
    Objects.requireNonNull(fault, "fault is null");
    Objects.requireNonNull(receivedAt, "receivedAt is null");
  }

  /** An entry without an injected fault. */
  public LoggedRequest(String method, String path, Map<String, String> queryParams, int status, Instant receivedAt) {
    this(method, path, queryParams, status, Optional.empty(), receivedAt);
  }

  /** The value of one parameter, or null when absent. */
  public String param(String name) {
    return queryParams.get(name);
  }

  /**
   * Whether Mixpanel refused it for rate (429, from the rate limiter or a scripted {@code
   * Fault.rateLimited()}); such a request did not run, so it does not count against a budget.
   */
  public boolean wasRateLimited() {
    return status == 429;
  }
}
