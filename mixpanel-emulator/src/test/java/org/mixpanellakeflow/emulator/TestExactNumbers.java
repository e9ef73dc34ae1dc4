package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;
import static org.mixpanellakeflow.emulator.TestEngageEndpoint.props;
import static org.mixpanellakeflow.emulator.TestEngageEndpoint.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestExactNumbers {
  private static final String SA = basic("numbers.sa", "numbers-sa-secret");
  private static final LocalDate MAY_20 = LocalDate.of(2024, 5, 20);
  private static final long MAY_20_NOON_MS = Instant.parse("2024-05-20T12:00:00Z").toEpochMilli();
  /** Every way of writing a number that a round trip through doubles or longs would change. */
  private static final String NUMBERS = "\"exp\":1e3,\"big\":12345678901234567890123,\"trailing\":-1.50,"
      + "\"tenth\":0.1,\"tiny\":1E-7,\"whole\":7,\"nested\":{\"list\":[1.0,2e2,-0]}";

  private MutableClock clock;
  private EmulatedProject project;
  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @BeforeEach
  void start() {
    clock = new MutableClock(Instant.parse("2024-06-10T12:00:00Z"));
    project = EmulatedProject.builder(3101).serviceAccount("numbers.sa", "numbers-sa-secret").token("numbers-token")
        .eventsPerDay(0).profileCount(3).eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 6, 10)).build();
    emulator = MixpanelEmulator.builder().clock(clock).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void servesImportedNumbersInTheTextTheyWereSentIn() {
    importRaw("{\"event\":\"Measured\",\"properties\":{\"time\":" + MAY_20_NOON_MS
        + ",\"distinct_id\":\"u-1\",\"$insert_id\":\"n-1\"," + NUMBERS + "}}");

    String body = export(null);

    assertThat(body).contains(NUMBERS);
    Map<String, Object> served = properties(parse(body));
    assertThat(served).containsEntry("exp", 1000.0).containsEntry("big", new BigInteger("12345678901234567890123"))
        .containsEntry("trailing", -1.5).containsEntry("tenth", 0.1).containsEntry("tiny", 1e-7)
        .containsEntry("whole", 7L).containsEntry("nested", Map.of("list", List.of(1.0, 200.0, 0L)));
    // the ground truth holds what a client parses from those bytes, so the two compare equal
    assertThat(project.events(MAY_20, MAY_20, clock.instant())).containsExactly(parse(body));
  }

  @Test
  void comparesExactNumbersAsNumbersInWhere() {
    importRaw("{\"event\":\"Measured\",\"properties\":{\"time\":" + MAY_20_NOON_MS
        + ",\"distinct_id\":\"u-1\",\"$insert_id\":\"n-1\"," + NUMBERS + "}}");

    assertThat(export("properties[\"exp\"] == 1000 and properties[\"trailing\"] < -1.4"
        + " and properties[\"tiny\"] > 0 and properties[\"big\"] > 1e22 and properties[\"tenth\"] * 10 == 1").lines())
        .hasSize(1);
    assertThat(export("properties[\"exp\"] > 1000 or properties[\"trailing\"] == \"-1.50\"")).isEmpty();
  }

  @Test
  void servesANumericDistinctIdAsTheStringOfItsDigits() {
    importRaw("{\"event\":\"A\",\"properties\":{\"time\":" + MAY_20_NOON_MS + ",\"distinct_id\":12345,\"$insert_id\":\"d-1\"}}\n"
        + "{\"event\":\"B\",\"properties\":{\"time\":" + MAY_20_NOON_MS
        + ",\"distinct_id\":12345678901234567890123,\"$insert_id\":\"d-2\"}}");

    String body = export(null);

    assertThat(body).contains("\"distinct_id\":\"12345\"").contains("\"distinct_id\":\"12345678901234567890123\"");
    assertThat(lines(body)).extracting(e -> properties(e).get("distinct_id"))
        .containsExactly("12345", "12345678901234567890123");
  }

  @Test
  void servesProfileNumbersInTheTextTheyWereSentIn() {
    String update = "[{\"$token\":\"numbers-token\",\"$distinct_id\":\"p-1\",\"$set\":{" + NUMBERS + "}}]";
    assertThat(http.postJson("/engage", null, update).body()).isEqualTo("1");

    HttpResponse<String> response = http.postForm("/api/query/engage?project_id=3101", SA,
        "distinct_id=p-1&where=" + URLEncoder.encode("properties[\"exp\"] >= 999.5", StandardCharsets.UTF_8));

    assertThat(response.body()).contains(NUMBERS);
    Map<String, Object> page = parse(response.body());
    assertThat(results(page)).hasSize(1);
    Map<String, Object> profile = project.profiles().stream().filter(p -> "p-1".equals(p.get("$distinct_id")))
        .findFirst().orElseThrow();
    assertThat(results(page).get(0)).isEqualTo(profile);
    assertThat(props(profile)).containsEntry("big", new BigInteger("12345678901234567890123"))
        .containsEntry("trailing", -1.5);
  }

  @Test
  void addsToExactNumbersAsNumbers() {
    emulator.updateProfiles(3101, List.of(Map.of("$distinct_id", "p-2", "$set", Map.of("score", 7))));
    http.postJson("/engage", null, "{\"$token\":\"numbers-token\",\"$distinct_id\":\"p-2\",\"$add\":{\"score\":1e1}}");
    http.postJson("/engage", null,
        "{\"$token\":\"numbers-token\",\"$distinct_id\":\"p-2\",\"$union\":{\"seen\":[1,2]}}");
    http.postJson("/engage", null,
        "{\"$token\":\"numbers-token\",\"$distinct_id\":\"p-2\",\"$union\":{\"seen\":[2,3]}}");

    Map<String, Object> profile = project.profiles().stream().filter(p -> "p-2".equals(p.get("$distinct_id")))
        .map(TestEngageEndpoint::props).findFirst().orElseThrow();
    assertThat(profile).containsEntry("score", 17.0).containsEntry("seen", List.of(1L, 2L, 3L));
  }

  /**
   * Parses as Jackson does by default, then widens Integer to Long: longs for integers, a
   * BigInteger past a long (where {@code USE_LONG_FOR_INTS} would fail), doubles otherwise.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return (Map<String, Object>) widen(new ObjectMapper().readValue(json.strip(), Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object widen(Object value) {
    if (value instanceof Integer number) {
      return number.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, element) -> copy.put(key, widen(element)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(TestExactNumbers::widen).toList();
    }
    return value;
  }

  private void importRaw(String jsonl) {
    HttpResponse<String> response = http.send(http.request("/import?project_id=3101", SA,
            "Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(jsonl)),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private String export(String where) {
    String query = "/api/2.0/export?project_id=3101&from_date=2024-05-20&to_date=2024-05-20&time_in_ms=true";
    if (where != null) {
      query += "&where=" + URLEncoder.encode(where, StandardCharsets.UTF_8);
    }
    HttpResponse<String> response = http.get(query, SA);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
