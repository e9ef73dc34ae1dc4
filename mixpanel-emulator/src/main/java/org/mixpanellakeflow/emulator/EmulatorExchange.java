package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP exchange with its parameters decoded, answering through methods that record the
 * request in the log before the status line leaves, so the log never lags behind a client.
 */
final class EmulatorExchange {
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
  /** Mixpanel's cap on an ingestion request body, uncompressed; applied to every body here. */
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
  /** Longer parameter values (ingestion payloads) are logged by size only. */
  private static final int MAX_LOGGED_VALUE = 512;
  /** Parameters that would carry credentials in legacy clients; never logged. */
  private static final Set<String> SECRET_PARAMS = Set.of("api_secret", "secret", "password", "sig", "token");

  private final HttpExchange exchange;
  private final RequestLog log;
  private final Instant receivedAt;
  private final Map<String, String> params = new LinkedHashMap<>();
  private byte[] body = new byte[0];
  private ApiException malformedRequest;
  private boolean responded;
  private String fault;
  private Runnable beforeComplete;
  private Fault bodyFault;

  EmulatorExchange(HttpExchange exchange, RequestLog log, Clock clock) throws IOException {
    this.exchange = exchange;
    this.log = log;
    this.receivedAt = clock.instant();
    try {
      decodeInto(exchange.getRequestURI().getRawQuery(), params);
      body = RequestBodies.read(exchange.getRequestBody(), header("Content-Encoding"), MAX_BODY_BYTES);
      if (isForm()) {
        decodeInto(new String(body, StandardCharsets.UTF_8), params);
      }
    } catch (ApiException e) {
      // kept until the router asks, so the refusal goes out through the normal error path
      malformedRequest = e;
    }
  }

  /** Throws the 400 (or 413) for a query or body that could not be decoded. */
  void requireDecodableParams() {
    if (malformedRequest != null) {
      throw malformedRequest;
    }
  }

  /**
   * Takes the members of a JSON-object body as parameters too (strings as they are, other
   * values as JSON text), as the Query API accepts; query-string parameters win.
   */
  void readJsonBodyAsParams() {
    if (!isJson() || body.length == 0) {
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("The JSON body is malformed: " + firstLine(e.getMessage()) + "; send a JSON object of parameters");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("The JSON body must be an object of parameters, e.g. {\"page\": 0}");
    }
    node.fields().forEachRemaining(field -> params.putIfAbsent(
        field.getKey(), field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString()));
  }

  /** The request body, gunzipped when it came with {@code Content-Encoding: gzip}. */
  byte[] body() {
    return body;
  }

  boolean isForm() {
    return contentTypeStartsWith("application/x-www-form-urlencoded");
  }

  boolean isJson() {
    return contentTypeStartsWith("application/json");
  }

  private boolean contentTypeStartsWith(String prefix) {
    String type = header("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith(prefix);
  }

  /** Records the fault injected into this exchange, for the request log. */
  void injectedFault(String description) {
    this.fault = description;
  }

  /** Makes a 200 body sent from now on pass through {@code bodyFault}. */
  void applyBodyFault(Fault bodyFault) {
    this.bodyFault = bodyFault;
    this.fault = bodyFault.description();
  }

  /** Whether a scripted fault damages this exchange's body. */
  boolean hasBodyFault() {
    return bodyFault != null;
  }

  /** {@code body} as the client gets it: damaged by the scripted body fault, if any. */
  ResponseBody faulted(ResponseBody body) {
    return bodyFault == null ? body : new FaultyBody(bodyFault, body);
  }

  String method() {
    return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
  }

  String path() {
    return exchange.getRequestURI().getPath();
  }

  /** The path and raw query, as Mixpanel echoes them in the {@code request} field of errors. */
  String pathAndQuery() {
    String query = exchange.getRequestURI().getRawQuery();
    return query == null ? path() : path() + "?" + query;
  }

  String param(String name) {
    return params.get(name);
  }

  /** Every decoded parameter; a view. */
  Map<String, String> params() {
    return Collections.unmodifiableMap(params);
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  boolean acceptsGzip() {
    String accepted = header("Accept-Encoding");
    if (accepted == null) {
      return false;
    }
    for (String coding : accepted.split(",")) {
      String[] parts = coding.trim().split(";");
      if (parts[0].trim().equalsIgnoreCase("gzip")) {
        return parts.length == 1 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
      }
    }
    return false;
  }

  boolean responded() {
    return responded;
  }

  /**
   * Runs {@code action} once, before the client can have the whole response: for a response of
   * known length (written at once) before its headers go out, for a streamed one before its last
   * chunk. What a request holds while it is served (a rate-limit slot) is so released before the
   * client can send its next request, as a client sees Mixpanel's own counts.
   */
  void beforeResponseComplete(Runnable action) {
    this.beforeComplete = action;
  }

  private void runBeforeComplete() {
    Runnable action = beforeComplete;
    beforeComplete = null;
    if (action != null) {
      action.run();
    }
  }

  /** Sends status and headers; {@code length} follows HttpExchange: 0 = chunked, -1 = no body. */
  OutputStream startResponse(int status, String contentType, long length) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    markResponded(status);
    if (length != 0) {
      runBeforeComplete();
    }
    exchange.sendResponseHeaders(status, length);
    if (length != 0) {
      return exchange.getResponseBody();
    }
    return new FilterOutputStream(exchange.getResponseBody()) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        runBeforeComplete();
        super.close();
      }
    };
  }

  void setHeader(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  void respondJson(int status, Object body) throws IOException {
    respond(status, "application/json", JSON.writeValueAsBytes(body));
  }

  /** Sends a whole body; through the body fault, if one applies, in chunked encoding. */
  void respond(int status, String contentType, byte[] bytes) throws IOException {
    if (bodyFault != null && status == 200) {
      try (OutputStream out = faulted(new PlainBody(this, status, contentType))) {
        out.write(bytes);
      }
      return;
    }
    try (OutputStream out = startResponse(status, contentType, bytes.length == 0 ? -1 : bytes.length)) {
      out.write(bytes);
    }
  }

  void respondError(ApiException error) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    if (error.echoesRequest()) {
      body.put("request", pathAndQuery());
    }
    body.put("error", error.getMessage());
    if (error.isAppApi()) {
      body.put("status", "error");
    }
    respondJson(error.status(), body);
  }

  private void markResponded(int status) {
    if (responded) {
      throw new IllegalStateException("Response already started for " + method() + " " + path());
    }
    responded = true;
    log.add(new LoggedRequest(method(), path(), redacted(params), status, Optional.ofNullable(fault), receivedAt));
  }

  private static String firstLine(String message) {
    int newline = message == null ? -1 : message.indexOf('\n');
    return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
  }

  private static void decodeInto(String raw, Map<String, String> target) {
    if (raw == null || raw.isEmpty()) {
      return;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      target.putIfAbsent(name, value);
    }
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Malformed percent-encoding in '" + value + "'; encode parameters as UTF-8");
    }
  }

  private static Map<String, String> redacted(Map<String, String> params) {
    Map<String, String> copy = new LinkedHashMap<>(params);
    copy.replaceAll((name, value) -> SECRET_PARAMS.contains(name.toLowerCase(Locale.ROOT))
        ? "<redacted>"
        : value.length() > MAX_LOGGED_VALUE ? "<" + value.length() + " characters>" : value);
    return copy;
  }
}
