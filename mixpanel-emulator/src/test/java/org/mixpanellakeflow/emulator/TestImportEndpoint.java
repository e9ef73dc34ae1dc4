package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestImportEndpoint {
  private static final Instant START = Instant.parse("2024-06-10T12:00:00Z");
  private static final String SA = basic("import.sa", "import-sa-secret");
  private static final long MAY_20_NOON_MS = Instant.parse("2024-05-20T12:00:00Z").toEpochMilli();

  private MutableClock clock;
  private EmulatedProject project;
  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @BeforeEach
  void start() {
    clock = new MutableClock(START);
    project = EmulatedProject.builder(2301)
        .apiSecret("import-secret")
        .token("import-token")
        .serviceAccount("import.sa", "import-sa-secret")
        .eventsPerDay(10)
        .eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 6, 10))
        .build();
    emulator = MixpanelEmulator.builder().clock(clock).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void importsAJsonArrayWithAServiceAccount() {
    HttpResponse<String> response = post("/import?project_id=2301", SA, "application/json", null,
        json(List.of(event("Signed Up", "u-1", "ins-1", MAY_20_NOON_MS), event("Signed Up", "u-2", "ins-2", MAY_20_NOON_MS))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(object(response.body())).isEqualTo(Map.of("code", 200L, "num_records_imported", 2L, "status", "OK"));
    assertThat(importedOnMay20()).extracting(e -> properties(e).get("$insert_id")).containsExactly("ins-1", "ins-2");
  }

  @Test
  void acceptsJsonlGzipAndTheDataFormWithSecretOrToken() {
    String line1 = json(event("A", "u-1", "i-1", MAY_20_NOON_MS));
    String line2 = json(event("B", "u-1", "i-2", MAY_20_NOON_MS));
    String base64 = Base64.getEncoder().encodeToString(("[" + json(event("C", "u-1", "i-3", MAY_20_NOON_MS)) + "]")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(post("/import", basic("import-secret", ""), "application/x-ndjson", null, line1 + "\n" + line2 + "\n")
        .statusCode()).isEqualTo(200);
    assertThat(send("/import/?strict=1", basic("import-token", ""), "application/json", "gzip",
        gzip("[" + json(event("D", "u-1", "i-4", MAY_20_NOON_MS)) + "]")).statusCode()).isEqualTo(200);
    assertThat(post("/import", basic("import-secret", ""), "application/x-www-form-urlencoded", null,
        "data=" + URLEncoder.encode(base64, StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);

    assertThat(importedOnMay20()).extracting(e -> e.get("event")).containsExactly("A", "B", "D", "C");
    assertThat(emulator.requestLog().get(2).param("data")).isEqualTo(base64);
  }

  @Test
  void reportsInvalidEventsInStrictModeAndStillImportsTheValidOnes() {
    List<Map<String, Object>> batch = List.of(
        event("Good", "u-1", "ok-1", MAY_20_NOON_MS),
        Map.of("event", "No time", "properties", Map.of("distinct_id", "u-1", "$insert_id", "bad-1")),
        event("Placeholder", "null", "bad-2", MAY_20_NOON_MS),
        event("Bad insert id", "u-1", "not valid!", MAY_20_NOON_MS),
        event("Too late", "u-1", "bad-4", START.toEpochMilli() + 3_600_001),
        Map.of("event", "No insert id", "properties", Map.of("distinct_id", "u-1", "time", MAY_20_NOON_MS)));

    HttpResponse<String> response = post("/import?project_id=2301&strict=1", SA, "application/json", null, json(batch));

    assertThat(response.statusCode()).isEqualTo(400);
    Map<String, Object> body = object(response.body());
    assertThat(body).containsEntry("code", 400L).containsEntry("status", "Bad Request")
        .containsEntry("error", "some data points in the request failed validation")
        .containsEntry("num_records_imported", 1L);
    assertThat(body.get("failed_records")).isEqualTo(List.of(
        failure(1, "bad-1", "properties.time", "'properties.time' is invalid: must be specified as seconds since epoch"),
        failure(2, "bad-2", "properties.distinct_id", "'properties.distinct_id' is invalid: 'null' is a placeholder, not a user id"),
        failure(3, "not valid!", "properties.$insert_id", "'properties.$insert_id' is invalid: use 1 to 36 letters, digits or '-'"),
        failure(4, "bad-4", "properties.time", "'properties.time' is invalid: must not be more than 1 hour in the future"),
        failure(5, "", "properties.$insert_id", "'properties.$insert_id' is required in strict mode")));
    assertThat(importedOnMay20()).extracting(e -> e.get("event")).containsExactly("Good");
  }

  @Test
  void dropsInvalidEventsSilentlyWithoutStrict() {
    List<Map<String, Object>> batch = List.of(
        event("Good", "u-1", "ok-1", MAY_20_NOON_MS),
        event("Placeholder", "anonymous", "bad-2", MAY_20_NOON_MS),
        Map.of("event", "Generated id", "properties", Map.of("distinct_id", "u-2", "time", MAY_20_NOON_MS / 1000)));

    HttpResponse<String> response = post("/import?strict=0&project_id=2301", SA, "application/json", null, json(batch));

    assertThat(object(response.body())).containsEntry("num_records_imported", 2L);
    List<Map<String, Object>> imported = importedOnMay20();
    assertThat(imported).extracting(e -> e.get("event")).containsExactly("Good", "Generated id");
    assertThat((String) properties(imported.get(1)).get("$insert_id")).matches("[A-Za-z0-9-]{1,36}");
    assertThat(properties(imported.get(1))).containsEntry("time", MAY_20_NOON_MS);
  }

  @Test
  void refusesBatchesOverTwoThousandEvents() {
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 2_001; i++) {
      batch.add(event("E", "u", "id-" + i, MAY_20_NOON_MS));
    }

    HttpResponse<String> response = post("/import?project_id=2301", SA, "application/json", null, json(batch));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(object(response.body())).containsEntry("error",
        "request exceeds max limit of 2000 events; send at most 2000 per request");
    assertThat(importedOnMay20()).isEmpty();
  }

  @Test
  void servesALateEventInItsDayFromItsProcessingTimeOn() {
    LocalDate may20 = LocalDate.of(2024, 5, 20);
    Instant before = clock.instant();
    List<Map<String, Object>> original = project.events(may20, may20, before);
    clock.advance(Duration.ofMinutes(30));

    emulator.importEvents(2301, List.of(event("Late", "u-9", "late-1", MAY_20_NOON_MS)));

    long processed = clock.millis();
    assertThat(project.events(may20, may20, before)).isEqualTo(original);
    List<Map<String, Object>> now = project.events(may20, may20, clock.instant());
    assertThat(now).hasSize(original.size() + 1);
    assertThat(properties(now.get(now.size() - 1))).containsEntry("mp_processing_time_ms", processed)
        .containsEntry("$mp_api_timestamp_ms", processed).containsEntry("$import", true)
        .containsEntry("time", MAY_20_NOON_MS).containsEntry("distinct_id", "u-9");
    String where = URLEncoder.encode("number(properties[\"mp_processing_time_ms\"]) > " + before.toEpochMilli(),
        StandardCharsets.UTF_8);
    List<Map<String, Object>> sweep = lines(http.get("/api/2.0/export?project_id=2301&from_date=2024-05-01"
        + "&to_date=2024-06-09&time_in_ms=true&where=" + where, SA).body());
    assertThat(sweep).extracting(e -> e.get("event")).containsExactly("Late");
  }

  @Test
  void keepsDuplicatesInRawExport() {
    Map<String, Object> twice = event("Purchase", "u-1", "same-insert-id", MAY_20_NOON_MS);
    emulator.importEvents(2301, List.of(twice));
    emulator.importEvents(2301, List.of(twice));

    assertThat(importedOnMay20()).hasSize(2).extracting(e -> properties(e).get("$insert_id"))
        .containsOnly("same-insert-id");
  }

  @Test
  void servesEveryEventSharingAnInsertIdUnderAnotherName() {
    HttpResponse<String> response = post("/import?project_id=2301", SA, "application/json", null,
        json(List.of(event("Viewed", "u-1", "shared-id", MAY_20_NOON_MS), event("Bought", "u-1", "shared-id", MAY_20_NOON_MS))));

    assertThat(object(response.body())).containsEntry("num_records_imported", 2L);
    List<Map<String, Object>> served = lines(http.get("/api/2.0/export?project_id=2301&from_date=2024-05-20"
        + "&to_date=2024-05-20&event=" + URLEncoder.encode("[\"Viewed\",\"Bought\"]", StandardCharsets.UTF_8), SA).body());
    assertThat(served).extracting(e -> e.get("event")).containsExactly("Viewed", "Bought");
    assertThat(served).extracting(e -> properties(e).get("$insert_id")).containsOnly("shared-id");
  }

  @Test
  void importsAllOrNothingThroughTheJavaApi() {
    List<Map<String, Object>> batch = List.of(event("Good", "u-1", "ok-1", MAY_20_NOON_MS), Map.of("event", ""));

    assertThatThrownBy(() -> emulator.importEvents(2301, batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot import 2 events into project 2301; fix these and retry: [Failure[index=1, insertId=null,"
            + " field=event, message='event' is invalid: must be a non-empty string]]");
    assertThat(importedOnMay20()).isEmpty();
    assertThatThrownBy(() -> emulator.importEvents(9, batch))
        .hasMessage("The emulator serves no project 9; it serves [2301]");
  }

  @Test
  void refusesImportsWithoutValidCredentials() {
    HttpResponse<String> response = post("/import", basic("wrong-token", ""), "application/json", null, "[]");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(object(response.body())).containsEntry("error", EmulatorAuthenticator.BAD_CREDENTIALS);
  }

  private List<Map<String, Object>> importedOnMay20() {
    LocalDate day = LocalDate.of(2024, 5, 20);
    return project.events(day, day, clock.instant()).stream().filter(e -> Boolean.TRUE.equals(properties(e).get("$import")))
        .toList();
  }

  static Map<String, Object> event(String name, String distinctId, String insertId, long timeMs) {
    return Map.of("event", name, "properties",
        Map.of("time", timeMs, "distinct_id", distinctId, "$insert_id", insertId, "token", "import-token"));
  }

  private static Map<String, Object> failure(long index, String insertId, String field, String message) {
    return Map.of("index", index, "insert_id", insertId, "field", field, "message", message);
  }

  private HttpResponse<String> post(String path, String auth, String contentType, String encoding, String body) {
    return send(path, auth, contentType, encoding, body.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(String path, String auth, String contentType, String encoding, byte[] body) {
    HttpRequest.Builder request = encoding == null
        ? http.request(path, auth, "Content-Type", contentType)
        : http.request(path, auth, "Content-Type", contentType, "Content-Encoding", encoding);
    return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofString());
  }

  static String json(Object value) {
    try {
      return EmulatorHttpClient.JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
