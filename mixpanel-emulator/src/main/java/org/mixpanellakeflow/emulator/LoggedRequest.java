package org.mixpanellakeflow.emulator;

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
 * @param status the HTTP status sent
 * @param fault the scripted fault injected into this exchange, described, if any
 */
public record LoggedRequest(
    String method, String path, Map<String, String> queryParams, int status, Optional<String> fault) {
  public LoggedRequest {
    Objects.requireNonNull(method, "method is null");
    Objects.requireNonNull(path, "path is null");
    queryParams = Map.copyOf(Objects.requireNonNull(queryParams, "queryParams is null"));
    Objects.requireNonNull(fault, "fault is null");
  }

  /** An entry without an injected fault. */
  public LoggedRequest(String method, String path, Map<String, String> queryParams, int status) {
    this(method, path, queryParams, status, Optional.empty());
  }

  /** The value of one parameter, or null when absent. */
  public String param(String name) {
    return queryParams.get(name);
  }
}
