package org.mixpanellakeflow.benchmarks.macro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in speaks the export protocol the client uses, with bodies equal to the emulator's. */
class TestExportStandIn {

  private static final String SECRET = "stand-in-secret";
  /** A fixed "today", one minute before its end: nothing depends on the machine's clock. */
  private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);
  private static final Clock CLOCK =
      Clock.fixed(TODAY.atTime(23, 59).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  private static final LocalDate FIRST = TODAY.minusDays(3);
  private static final LocalDate LAST = TODAY.minusDays(1);

  @TempDir static Path directory;
  static List<DayBody> bodies;
  static ExportStandIn standIn;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    bodies = DayBodies.render(directory, 7, 300, FIRST, LAST, 6, CLOCK);
    standIn = new ExportStandIn(bodies, SECRET, true, CLOCK);
  }

  @AfterAll
  static void stop() {
    standIn.close();
  }

  @Test
  void rendersEachDayOnceAndReusesIt() throws IOException {
    List<DayBody> again = DayBodies.render(directory, 7, 300, FIRST, LAST, 6, CLOCK);

    assertThat(again).isEqualTo(bodies);
    assertThat(bodies).extracting(DayBody::events).containsOnly(300L);
  }

  @Test
  void servesSeveralDaysAsOneGzipMemberEqualToTheirText() throws Exception {
    HttpResponse<InputStream> response = get("from_date=" + FIRST + "&to_date=" + TODAY + "&time_in_ms=true", true);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] expected = concatenatedText();
    try (InputStream body = new GZIPInputStream(response.body())) {
      assertThat(body.readAllBytes()).isEqualTo(expected);
    }
  }

  @Test
  void servesPlainTextToAClientThatDoesNotAcceptGzip() throws Exception {
    HttpResponse<InputStream> response = get("from_date=" + FIRST + "&to_date=" + FIRST + "&time_in_ms=true", false);

    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    try (InputStream body = response.body()) {
      assertThat(body.readAllBytes()).isEqualTo(Files.readAllBytes(bodies.get(0).text()));
    }
  }

  @Test
  void servesTheStretchesOfADayTheConnectorsWhereNames() throws Exception {
    long dayStart = LAST.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    String morning = stretch(dayStart, dayStart + 43_200);
    String evening = stretch(dayStart + 43_200, dayStart + 86_400);

    assertThat(morning.lines().count()).isBetween(100L, 200L);
    assertThat(morning + evening).isEqualTo(Files.readString(bodies.get(2).text()));
  }

  private static String stretch(long fromSecond, long toSecond) throws Exception {
    String where = "properties[\"$time\"] >= datetime(" + fromSecond + ") and properties[\"$time\"] < datetime("
        + toSecond + ")";
    HttpResponse<InputStream> response = get("from_date=" + LAST + "&to_date=" + LAST + "&time_in_ms=true&where="
        + java.net.URLEncoder.encode(where, StandardCharsets.UTF_8), true);
    assertThat(response.statusCode()).isEqualTo(200);
    try (InputStream body = new GZIPInputStream(response.body())) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void refusesWrongCredentialsAndSecondsPrecision() throws Exception {
    HttpResponse<String> unauthorized = HTTP.send(
        HttpRequest.newBuilder(URI.create(standIn.baseUri() + "/api/2.0/export?from_date=" + FIRST + "&to_date="
            + FIRST + "&time_in_ms=true")).header("Authorization", "Basic d3Jvbmc6").build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<InputStream> seconds = get("from_date=" + FIRST + "&to_date=" + FIRST, false);
    HttpResponse<InputStream> future = get("from_date=" + FIRST + "&to_date=" + TODAY.plusDays(1)
        + "&time_in_ms=true", false);

    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(unauthorized.body()).contains("Invalid credentials");
    assertThat(seconds.statusCode()).isEqualTo(400);
    assertThat(new String(seconds.body().readAllBytes(), StandardCharsets.UTF_8))
        .contains("the stand-in serves only time_in_ms=true");
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(new String(future.body().readAllBytes(), StandardCharsets.UTF_8))
        .contains("to_date cannot be later than today");
  }

  private static byte[] concatenatedText() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (DayBody body : bodies) {
      all.write(Files.readAllBytes(body.text()));
    }
    return all.toByteArray();
  }

  private static HttpResponse<InputStream> get(String query, boolean gzip) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUri() + "/api/2.0/export?" + query))
        .header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString((SECRET + ":").getBytes(StandardCharsets.UTF_8)));
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }
}
