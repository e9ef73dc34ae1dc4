package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Calls an emulator over real HTTP, as a client would; parses bodies with longs for integers. */
final class EmulatorHttpClient {
  static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final URI base;

  EmulatorHttpClient(MixpanelEmulator emulator) {
    this.base = emulator.baseUri();
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String basicWithoutColon(String secret) {
    return "Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String pathAndQuery, String authorization, String... headers) {
    return send(request(pathAndQuery, authorization, headers).GET(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String pathAndQuery, String authorization, String... headers) {
    return send(request(pathAndQuery, authorization, headers).GET(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> postForm(String pathAndQuery, String authorization, String form) {
    HttpRequest.Builder builder = request(pathAndQuery, authorization, "Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    return send(builder, HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String pathAndQuery, String authorization, String json) {
    HttpRequest.Builder builder = request(pathAndQuery, authorization, "Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(builder, HttpResponse.BodyHandlers.ofString());
  }

  <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler) {
    try {
      return HTTP.send(builder.build(), handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  HttpRequest.Builder request(String pathAndQuery, String authorization, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  static List<Map<String, Object>> lines(String body) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isEmpty()) {
        events.add(object(line));
      }
    }
    return events;
  }

  static Map<String, Object> object(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON object: " + json, e);
    }
  }

  static List<Map<String, Object>> array(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON array of objects: " + json, e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> event) {
    return (Map<String, Object>) event.get("properties");
  }
}
