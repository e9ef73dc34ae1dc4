package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestExportEndpoint {
  private static final String SECRET = "export-secret";
  private static final String AUTH = basic(SECRET, "");
  private static final String LEGACY_AUTH = basic("legacy-secret", "");
  private static final EmulatedProject PROJECT = EmulatedProject.builder(1001)
      .apiSecret(SECRET)
      .eventsPerDay(50)
      .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 10))
      .build();
  /** Created before 2023: days are cut in its timezone, 14 h ahead of UTC. */
  private static final EmulatedProject LEGACY = EmulatedProject.builder(1002)
      .apiSecret("legacy-secret")
      .timezone(ZoneId.of("Pacific/Kiritimati"))
      .createdOn(LocalDate.of(2020, 5, 1))
      .eventsPerDay(40)
      .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 11))
      .build();

  private static MixpanelEmulator emulator;
  private static EmulatorHttpClient http;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .project(PROJECT)
        .project(LEGACY)
        .start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void servesEventsPerDayForEveryDayOfTheInclusiveWindow() {
    assertThat(lines(export("from_date=2024-06-01&to_date=2024-06-03").body())).hasSize(150);
    List<Map<String, Object>> oneDay = lines(export("from_date=2024-06-02&to_date=2024-06-02&time_in_ms=true").body());
    assertThat(oneDay).hasSize(50);
    long start = Instant.parse("2024-06-02T00:00:00Z").toEpochMilli();
    long end = Instant.parse("2024-06-03T00:00:00Z").toEpochMilli();
    assertThat(oneDay).allSatisfy(event -> assertThat((Long) properties(event).get("time")).isBetween(start, end - 1));
  }

  @Test
  void servesExactlyTheGroundTruthWithMillisecondTimes() {
    HttpResponse<String> response = export("from_date=2024-06-03&to_date=2024-06-05&time_in_ms=true");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(response.body()).endsWith("\n").doesNotContain("\n\n");
    assertThat(lines(response.body()))
        .isEqualTo(PROJECT.events(LocalDate.of(2024, 6, 3), LocalDate.of(2024, 6, 5), NOW));
  }

  @Test
  void servesSecondsUnlessTimeInMsIsTrue() {
    List<Map<String, Object>> seconds = lines(export("from_date=2024-06-04&to_date=2024-06-04").body());
    List<Map<String, Object>> millis = lines(export("from_date=2024-06-04&to_date=2024-06-04&time_in_ms=true").body());

    assertThat(seconds).hasSameSizeAs(millis);
    for (int i = 0; i < seconds.size(); i++) {
      long ms = (Long) properties(millis.get(i)).get("time");
      assertThat(properties(seconds.get(i)).get("time")).isEqualTo(Math.floorDiv(ms, 1000L));
      assertThat(properties(seconds.get(i)).get("$insert_id")).isEqualTo(properties(millis.get(i)).get("$insert_id"));
    }
    assertThat(millis).anySatisfy(event -> assertThat((Long) properties(event).get("time") % 1000).isNotZero());
  }

  @Test
  void servesTheSameBytesTwice() {
    String query = "from_date=2024-06-01&to_date=2024-06-10";

    assertThat(export(query).body()).isEqualTo(export(query).body());
  }

  @Test
  void gzipsWhenTheClientAcceptsIt() throws IOException {
    String query = "/api/2.0/export?from_date=2024-06-01&to_date=2024-06-02";
    HttpResponse<byte[]> zipped = http.getBytes(query, AUTH, "Accept-Encoding", "gzip");

    assertThat(zipped.statusCode()).isEqualTo(200);
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(http.get(query, AUTH).body());
    }
  }

  @Test
  void sendsBodiesUpTo1400BytesUncompressed() {
    HttpResponse<String> response =
        http.get("/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01&limit=1", AUTH, "Accept-Encoding", "gzip");

    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(response.body().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(ExportBodyWriter.GZIP_THRESHOLD);
    assertThat(lines(response.body())).hasSize(1);
  }

  @Test
  void keepsOnlyTheRequestedEventNames() {
    String names = URLEncoder.encode("[\"Search\",\"Purchase\"]", StandardCharsets.UTF_8);
    List<Map<String, Object>> served =
        lines(export("from_date=2024-06-01&to_date=2024-06-03&time_in_ms=true&event=" + names).body());

    List<Map<String, Object>> expected = PROJECT.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 3), NOW)
        .stream().filter(e -> Set.of("Search", "Purchase").contains(e.get("event"))).toList();
    assertThat(served).isNotEmpty().isEqualTo(expected);
  }

  @Test
  void stopsAtTheLimit() {
    List<Map<String, Object>> served = lines(export("from_date=2024-06-01&to_date=2024-06-10&time_in_ms=true&limit=7").body());

    assertThat(served).isEqualTo(PROJECT.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 1), NOW).subList(0, 7));
  }

  @Test
  void rejectsALimitOver100000() {
    assertError(export("from_date=2024-06-01&to_date=2024-06-01&limit=100001"), 400, "limit cannot be over 100000");
    assertError(export("from_date=2024-06-01&to_date=2024-06-01&limit=0"), 400,
        "Invalid limit '0': expected a whole number from 1 to 100000");
  }

  @Test
  void rejectsToDateAfterTodayWithMixpanelsBody() {
    HttpResponse<String> response = export("from_date=2024-06-10&to_date=2024-06-11");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(object(response.body())).isEqualTo(Map.of(
        "request", "/api/2.0/export?from_date=2024-06-10&to_date=2024-06-11",
        "error", "to_date cannot be later than today"));
  }

  @Test
  void servesTodayOnlyUpToNow() {
    List<Map<String, Object>> today = lines(export("from_date=2024-06-10&to_date=2024-06-10&time_in_ms=true").body());

    // noon on a day of 50 evenly spread events
    assertThat(today).hasSizeBetween(23, 27);
    assertThat(today).allSatisfy(event -> {
      Map<String, Object> properties = properties(event);
      assertThat((Long) properties.get("time")).isLessThanOrEqualTo(NOW.toEpochMilli());
      assertThat((Long) properties.get("mp_processing_time_ms"))
          .isBetween((Long) properties.get("time"), NOW.toEpochMilli());
    });
  }

  @Test
  void rejectsMissingMalformedAndReversedDates() {
    assertError(export("to_date=2024-06-01"), 400, "from_date is required: pass a day as yyyy-mm-dd");
    assertError(export("from_date=2024-06-01"), 400, "to_date is required: pass a day as yyyy-mm-dd");
    assertError(export("from_date=2024-6-1&to_date=2024-06-01"), 400,
        "Error in from_date: invalid date '2024-6-1'; expected yyyy-mm-dd");
    assertError(export("from_date=1999-12-31&to_date=2024-06-01"), 400, "Error in from_date: invalid date, bad year");
    assertError(export("from_date=2024-06-03&to_date=2024-06-01"), 400,
        "from_date 2024-06-03 is after to_date 2024-06-01; both are inclusive, so swap them");
  }

  @Test
  void rejectsParametersItCannotHonour() {
    assertError(export("from_date=2024-06-01&to_date=2024-06-01&where=" + URLEncoder.encode("properties[\"a\"] = 1", StandardCharsets.UTF_8)),
        400, "Invalid where expression 'properties[\"a\"] = 1' at character 17: unexpected character '='; compare with ==");
    assertError(export("from_date=2024-06-01&to_date=2024-06-01&event=Search"), 400,
        "Invalid event 'Search': expected a JSON array of event names, e.g. [\"Sign Up\"]");
    assertError(export("from_date=2024-06-01&to_date=2024-06-01&time_in_ms=yes"), 400,
        "Invalid time_in_ms 'yes': expected true or false");
  }

  @Test
  void answersAWindowWithoutEventsWithAnEmpty200() {
    HttpResponse<String> response = export("from_date=2024-05-01&to_date=2024-05-31");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void acceptsATrailingSlash() {
    HttpResponse<String> response = http.get("/api/2.0/export/?from_date=2024-06-01&to_date=2024-06-01", AUTH);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(lines(response.body())).hasSize(50);
  }

  @Test
  void cutsLegacyProjectDaysInTheProjectTimezoneAndShiftsTheirTimes() {
    List<Map<String, Object>> served =
        lines(http.get("/api/2.0/export?from_date=2024-06-05&to_date=2024-06-05&time_in_ms=true", LEGACY_AUTH).body());

    ZoneId zone = LEGACY.timezone();
    long offsetMs = 14 * 3_600_000L;
    long start = LocalDate.of(2024, 6, 5).atStartOfDay(zone).toInstant().toEpochMilli();
    long end = LocalDate.of(2024, 6, 6).atStartOfDay(zone).toInstant().toEpochMilli();
    assertThat(served).hasSize(40).allSatisfy(event -> {
      long exported = (Long) properties(event).get("time");
      assertThat(exported - offsetMs).isBetween(start, end - 1);
      // processing time stays a true UTC epoch, a little after the event
      assertThat((Long) properties(event).get("mp_processing_time_ms")).isBetween(exported - offsetMs, exported - offsetMs + 90_000);
    });
  }

  @Test
  void judgesTodayInTheZoneTheDaysAreCutIn() {
    // at 12:00 UTC it is already 02:00 the next day in Kiritimati (UTC+14)
    HttpResponse<String> legacy = http.get("/api/2.0/export?from_date=2024-06-11&to_date=2024-06-11", LEGACY_AUTH);

    assertThat(legacy.statusCode()).isEqualTo(200);
    assertThat(lines(legacy.body())).hasSizeBetween(3, 4);
    assertError(export("from_date=2024-06-11&to_date=2024-06-11"), 400, "to_date cannot be later than today");
  }

  private static HttpResponse<String> export(String query) {
    return http.get("/api/2.0/export?" + query, AUTH);
  }

  static void assertError(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(object(response.body())).containsEntry("error", message);
  }
}
