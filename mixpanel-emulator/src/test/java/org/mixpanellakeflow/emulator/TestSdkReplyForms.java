package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;
import static org.mixpanellakeflow.emulator.TestImportEndpoint.json;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingestion replies take the form of the request: a JSON body to {@code /import} gets the JSON
 * reply, the official SDKs' {@code data=} form gets {@code 1}/{@code 0} or, with {@code
 * verbose=1}, {@code {"status": 1, "error": null}} / {@code {"status": 0, "error": "..."}}, which is
 * all mixpanel-node reads. Requests are sent as mixpanel-node 0.24.0 sends them: batches by POST
 * with the base64 unescaped in the form body, single events by GET in the query string.
 */
class TestSdkReplyForms {
  private static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");
  private static final LocalDate MAY_20 = LocalDate.of(2024, 5, 20);
  private static final long MAY_20_NOON_MS = Instant.parse("2024-05-20T12:00:00Z").toEpochMilli();
  private static final String TOKEN = "reply-token";
  private static final String SECRET = "reply-secret";
  private static final String OK_VERBOSE = "{\"status\":1,\"error\":null}";

  private EmulatedProject project;
  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @BeforeEach
  void start() {
    project = EmulatedProject.builder(2901).apiSecret(SECRET).token(TOKEN).eventsPerDay(0).profileCount(0)
        .cohortCount(0).build();
    emulator = MixpanelEmulator.builder().clock(new MutableClock(NOW)).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void keepsTheJsonReplyForAJsonBodyEvenWithVerbose() {
    HttpResponse<String> response = http.postJson("/import?verbose=1", secret(), json(List.of(event("Json", "j-1"))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(object(response.body())).isEqualTo(Map.of("code", 200L, "num_records_imported", 1L, "status", "OK"));
  }

  @Test
  void answersTheSdkFormWithOneOrWithStatusOneWhenVerbose() {
    String batch = base64(json(List.of(event("Batch", "b-1"), event("Batch", "b-2"))));
    String single = base64(json(event("Single", "s-1")));
    assertThat(batch).as("the SDK sends base64 unescaped; '+' must survive form decoding").contains("+");

    HttpResponse<String> quiet = http.postForm("/import?ip=0&verbose=0", secret(), "data=" + batch);
    HttpResponse<String> verbose = http.postForm("/import?ip=0&verbose=1", secret(), "data=" + batch);
    HttpResponse<String> byGet = http.get("/import?ip=0&verbose=1&data=" + urlEncoded(single), secret());
    HttpResponse<String> byGetQuiet = http.get("/import?ip=0&verbose=0&data=" + urlEncoded(single), secret());

    assertThat(quiet.statusCode()).isEqualTo(200);
    assertThat(quiet.body()).isEqualTo("1");
    assertThat(quiet.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(verbose.statusCode()).isEqualTo(200);
    assertThat(verbose.body()).isEqualTo(OK_VERBOSE);
    assertThat(verbose.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(byGet.body()).isEqualTo(OK_VERBOSE);
    assertThat(byGetQuiet.body()).isEqualTo("1");
    assertThat(importedOnMay20()).extracting(e -> e.get("event"))
        .containsExactly("Batch", "Batch", "Batch", "Batch", "Single", "Single");
    assertThat(importedOnMay20()).extracting(e -> properties(e).get("note")).containsOnly("~~~>?");
  }

  @Test
  void importsSdkFormEventsWithoutAnInsertIdUnlessStrictIsAsked() {
    Map<String, Object> withoutInsertId = Map.of("event", "No id", "properties",
        Map.of("time", MAY_20_NOON_MS, "distinct_id", "n-1", "token", TOKEN));
    String data = base64(json(List.of(withoutInsertId)));

    HttpResponse<String> lenient = http.postForm("/import?verbose=1", secret(), "data=" + data);
    HttpResponse<String> strict = http.postForm("/import?strict=1&verbose=1", secret(), "data=" + data);
    HttpResponse<String> strictQuiet = http.postForm("/import?strict=1", secret(), "data=" + data);

    assertThat(lenient.body()).isEqualTo(OK_VERBOSE);
    assertThat(importedOnMay20()).singleElement()
        .satisfies(e -> assertThat((String) properties(e).get("$insert_id")).matches("[A-Za-z0-9-]{1,36}"));
    assertThat(strict.statusCode()).isEqualTo(400);
    assertThat(object(strict.body())).isEqualTo(statusZero("some data points in the request failed validation;"
        + " record 0: 'properties.$insert_id' is required in strict mode; 0 imported"));
    assertThat(strictQuiet.statusCode()).isEqualTo(400);
    assertThat(strictQuiet.body()).isEqualTo("0");
  }

  @Test
  void refusesSdkFormRequestsInTheSdkForm() {
    String data = base64(json(List.of(event("E", "r-1"))));
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < 2_001; i++) {
      tooMany.add(event("E", "r-" + i));
    }

    HttpResponse<String> wrongSecret = http.postForm("/import?verbose=1", basic("not-the-secret", ""), "data=" + data);
    HttpResponse<String> wrongSecretQuiet = http.postForm("/import", basic("not-the-secret", ""), "data=" + data);
    HttpResponse<String> noBase64 = http.postForm("/import?verbose=1", secret(), "data=%25%25%25");
    HttpResponse<String> overCap = http.postForm("/import?verbose=1", secret(), "data=" + base64(json(tooMany)));
    HttpResponse<String> jsonWrongSecret = http.postJson("/import?verbose=1", basic("not-the-secret", ""), "[]");

    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(object(wrongSecret.body())).isEqualTo(statusZero(EmulatorAuthenticator.BAD_CREDENTIALS));
    assertThat(wrongSecretQuiet.statusCode()).isEqualTo(401);
    assertThat(wrongSecretQuiet.body()).isEqualTo("0");
    assertThat(noBase64.statusCode()).isEqualTo(400);
    assertThat(object(noBase64.body()))
        .isEqualTo(statusZero("The data parameter is neither JSON nor base64-encoded JSON"));
    assertThat(overCap.statusCode()).isEqualTo(400);
    assertThat(object(overCap.body()))
        .isEqualTo(statusZero("request exceeds max limit of 2000 events; send at most 2000 per request"));
    assertThat(object(jsonWrongSecret.body())).isEqualTo(Map.of("error", EmulatorAuthenticator.BAD_CREDENTIALS));
    assertThat(importedOnMay20()).isEmpty();
  }

  @Test
  void answersTrackAndEngageInTheSdkFormWhateverTheBody() {
    String update = json(Map.of("$token", TOKEN, "$distinct_id", "p-1", "$set", Map.of("plan", "pro")));
    String strangerUpdate = json(Map.of("$token", "unknown-token", "$distinct_id", "p-2", "$set", Map.of("a", 1)));
    HttpRequest.Builder notGzip = http.request("/track?verbose=1", null, "Content-Type",
        "application/x-www-form-urlencoded", "Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofString("data=" + base64("{}")));

    assertThat(http.postJson("/engage", null, update).body()).isEqualTo("1");
    assertThat(http.get("/engage?ip=0&verbose=1&data=" + urlEncoded(base64(update)), null).body())
        .isEqualTo(OK_VERBOSE);
    HttpResponse<String> stranger = http.get("/engage?verbose=0&data=" + urlEncoded(base64(strangerUpdate)), null);
    assertThat(stranger.statusCode()).isEqualTo(200);
    assertThat(stranger.body()).isEqualTo("0");
    HttpResponse<String> broken = http.send(notGzip, HttpResponse.BodyHandlers.ofString());
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(object(broken.body())).containsEntry("status", 0L);
    assertThat((String) object(broken.body()).get("error")).startsWith("The body is not valid gzip");
    assertThat(project.profiles()).extracting(p -> p.get("$distinct_id")).containsExactly("p-1");
  }

  private List<Map<String, Object>> importedOnMay20() {
    return project.events(MAY_20, MAY_20, NOW);
  }

  private static Map<String, Object> event(String name, String distinctId) {
    return Map.of("event", name, "properties", Map.of("time", MAY_20_NOON_MS, "distinct_id", distinctId,
        "$insert_id", "id-" + distinctId, "token", TOKEN, "note", "~~~>?"));
  }

  private static Map<String, Object> statusZero(String error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", 0L);
    body.put("error", error);
    return body;
  }

  private static String secret() {
    return basic(SECRET, "");
  }

  private static String base64(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String urlEncoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
