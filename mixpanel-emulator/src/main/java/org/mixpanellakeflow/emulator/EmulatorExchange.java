package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP exchange with its parameters decoded, answering through methods that record the
 * request in the log before the status line leaves, so the log never lags behind a client.
 */
final class EmulatorExchange {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_FORM_BYTES = 64 * 1024;
  /** Parameters that would carry credentials in legacy clients; never logged. */
  private static final Set<String> SECRET_PARAMS = Set.of("api_secret", "secret", "password", "sig", "token");

  private final HttpExchange exchange;
  private final RequestLog log;
  private final Map<String, String> params;
  private ApiException malformedParams;
  private boolean responded;

  EmulatorExchange(HttpExchange exchange, RequestLog log) throws IOException {
    this.exchange = exchange;
    this.log = log;
    Map<String, String> decoded = new LinkedHashMap<>();
    try {
      decodeInto(exchange.getRequestURI().getRawQuery(), decoded);
      if (isFormPost()) {
        decodeInto(readForm(exchange.getRequestBody()), decoded);
      }
    } catch (ApiException e) {
      // kept until the router asks, so the refusal goes out through the normal error path
      malformedParams = e;
    }
    this.params = Collections.unmodifiableMap(decoded);
  }

  /** Throws the 400 for a query or form body that could not be decoded. */
  void requireDecodableParams() {
    if (malformedParams != null) {
      throw malformedParams;
    }
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

  /** Sends status and headers; {@code length} follows HttpExchange: 0 = chunked, -1 = no body. */
  OutputStream startResponse(int status, String contentType, long length) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    markResponded(status);
    exchange.sendResponseHeaders(status, length);
    return exchange.getResponseBody();
  }

  void setHeader(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  void respondJson(int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    try (OutputStream out = startResponse(status, "application/json", bytes.length)) {
      out.write(bytes);
    }
  }

  void respondError(ApiException error) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    if (error.echoesRequest()) {
      body.put("request", pathAndQuery());
    }
    body.put("error", error.getMessage());
    respondJson(error.status(), body);
  }

  private void markResponded(int status) {
    if (responded) {
      throw new IllegalStateException("Response already started for " + method() + " " + path());
    }
    responded = true;
    log.add(new LoggedRequest(method(), path(), redacted(params), status));
  }

  private boolean isFormPost() {
    String type = header("Content-Type");
    return method().equals("POST")
        && type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private static String readForm(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_FORM_BYTES + 1);
    if (bytes.length > MAX_FORM_BYTES) {
      throw ApiException.badRequest("Form body is over " + MAX_FORM_BYTES + " bytes; send fewer parameters");
    }
    return new String(bytes, StandardCharsets.UTF_8);
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
    copy.replaceAll((name, value) -> SECRET_PARAMS.contains(name.toLowerCase(Locale.ROOT)) ? "<redacted>" : value);
    return copy;
  }
}
