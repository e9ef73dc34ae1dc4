package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestFaults {
  private static final String AUTH = basic("fault-secret", "");
  private static final String DAY = "/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01";

  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;
  private String normalBody;

  @BeforeEach
  void start() {
    EmulatedProject project = EmulatedProject.builder(2501).apiSecret("fault-secret").eventsPerDay(40)
        .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 5)).build();
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(project).start();
    http = new EmulatorHttpClient(emulator);
    normalBody = http.get(DAY, AUTH).body();
    emulator.clearRequestLog();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void failsTheNthMatchingRequestsAndLogsTheFault() {
    emulator.faults().on("/api/2.0/export").nth(2).times(2).respond(Fault.status(503));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(http.get(DAY, AUTH).statusCode());
    }

    assertThat(statuses).containsExactly(200, 503, 503, 200);
    assertThat(emulator.requestLog()).extracting(LoggedRequest::fault)
        .containsExactly(Optional.empty(), Optional.of("status 503"), Optional.of("status 503"), Optional.empty());
    assertThat(emulator.faults().pendingFirings()).isZero();
  }

  @Test
  void sendsALoadBalancerPageForServerErrors() {
    emulator.faults().on("/api/2.0/export/").respond(Fault.status(502));

    HttpResponse<String> response = http.get(DAY, AUTH);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    assertThat(response.body()).isEqualTo("<html><body><h1>502 Bad Gateway</h1></body></html>\n");
  }

  @Test
  void matchesOnParametersAndPrefixes() {
    emulator.faults().on("/api/2.0/*").withParam("from_date", "2024-06-02").always().respond(Fault.status(500));

    assertThat(http.get(DAY, AUTH).statusCode()).isEqualTo(200);
    assertThat(http.get("/api/2.0/export?from_date=2024-06-02&to_date=2024-06-02", AUTH).statusCode()).isEqualTo(500);
    assertThat(http.get("/api/2.0/export?from_date=2024-06-02&to_date=2024-06-03", AUTH).statusCode()).isEqualTo(500);
    assertThat(emulator.faults().pendingFirings()).isEqualTo(-1);
    emulator.faults().clear();
    assertThat(http.get("/api/2.0/export?from_date=2024-06-02&to_date=2024-06-02", AUTH).statusCode()).isEqualTo(200);
  }

  @Test
  void answersRateLimitsWithAndWithoutRetryAfter() {
    emulator.faults().on("/api/2.0/export").respond(Fault.rateLimited(Duration.ofMillis(6_500)));
    emulator.faults().on("/api/2.0/export").nth(2).respond(Fault.rateLimited());

    HttpResponse<String> first = http.get(DAY, AUTH);
    HttpResponse<String> second = http.get(DAY, AUTH);

    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(object(first.body())).containsEntry("request", DAY).containsEntry("error",
        "Query rate limit exceeded for project_id: 2501. 1/5 queries running concurrently and 61/60 queries running"
            + " in the last hour. For more information, please consult our documentation at " + RateLimiter.DOCS);
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void gatesPlansWithMixpanelsMessages() {
    emulator.faults().on("/api/query/*").always().respond(Fault.planGate());
    emulator.faults().on("/api/2.0/export").respond(Fault.planGate());

    HttpResponse<String> query = http.postForm("/api/query/cohorts/list", AUTH, "");
    HttpResponse<String> export = http.get(DAY, AUTH);

    assertThat(query.statusCode()).isEqualTo(402);
    assertThat(object(query.body())).containsEntry("error", "Your plan does not allow API calls. Upgrade at mixpanel.com/pricing");
    assertThat(export.statusCode()).isEqualTo(402);
    assertThat(object(export.body())).containsEntry("error",
        "Your plan does not support raw data export. Visit mixpanel.com/pricing to upgrade.");
  }

  @Test
  void dropsTheConnectionAfterSomeLines() {
    emulator.faults().on("/api/2.0/export").respond(Fault.resetAfterLines(10));

    RawHttp.Response response = RawHttp.get(emulator.baseUri(), DAY, AUTH);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.complete()).isFalse();
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(String.join("\n", normalBody.lines().toList().subList(0, 10)) + "\n");
    assertThat(emulator.requestLog().get(0).fault()).hasValue("reset after 10 lines");
  }

  @Test
  void dropsAGzippedConnectionAfterTheSameLines() throws IOException {
    emulator.faults().on("/api/2.0/export").respond(Fault.resetAfterLines(25));

    RawHttp.Response response = RawHttp.get(emulator.baseUri(), DAY, AUTH, "Accept-Encoding", "gzip");

    assertThat(response.headers()).containsEntry("content-encoding", "gzip");
    assertThat(response.complete()).isFalse();
    ByteArrayOutputStream inflated = new ByteArrayOutputStream();
    InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(response.body()));
    byte[] buffer = new byte[256];
    // the gzip stream has no trailer, so reading ends in an EOF once the flushed data is out
    assertThatThrownBy(() -> {
      for (int n = gzip.read(buffer); n >= 0; n = gzip.read(buffer)) {
        inflated.write(buffer, 0, n);
      }
    }).isInstanceOf(EOFException.class).hasMessage("Unexpected end of ZLIB input stream");
    // a sync flush before the reset delivers every line written before it
    assertThat(inflated.toString(StandardCharsets.UTF_8))
        .isEqualTo(String.join("\n", normalBody.lines().toList().subList(0, 25)) + "\n");
  }

  @Test
  void endsABodyWithTerminatedEarly() {
    emulator.faults().on("/api/2.0/export").respond(Fault.terminatedEarly(5));

    HttpResponse<String> response = http.get(DAY, AUTH);

    List<String> expected = normalBody.lines().toList();
    String partial = expected.get(5).substring(0, (expected.get(5).getBytes(StandardCharsets.UTF_8).length + 1) / 2 / 2);
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> lines = response.body().lines().toList();
    assertThat(lines).hasSize(7).startsWith(expected.subList(0, 5).toArray(String[]::new));
    assertThat(expected.get(5)).startsWith(lines.get(5)).isNotEqualTo(lines.get(5)).startsWith(partial);
    assertThat(response.body()).endsWith("\nterminated early");
  }

  @Test
  void splitsOneRecordAcrossTwoLines() {
    emulator.faults().on("/api/2.0/export").respond(Fault.splitRecord(3));

    List<String> lines = http.get(DAY, AUTH).body().lines().toList();

    List<String> expected = normalBody.lines().toList();
    assertThat(lines).hasSize(expected.size() + 1);
    assertThat(lines.get(3) + lines.get(4)).isEqualTo(expected.get(3));
    assertThat(lines.subList(5, lines.size())).isEqualTo(expected.subList(4, expected.size()));
  }

  @Test
  void slowsTheBodyWithoutChangingIt() {
    emulator.faults().on("/api/2.0/export").respond(Fault.slowBody(Duration.ofMillis(1)));

    assertThat(http.get(DAY, AUTH).body()).isEqualTo(normalBody);
    assertThat(emulator.requestLog().get(0).fault()).hasValue("slow body, 1 ms per line");
  }

  @Test
  void breaksAJsonBodyAfterSomeBytes() {
    emulator.faults().on("/api/query/cohorts/list").respond(Fault.resetAfterBytes(20));

    assertThatThrownBy(() -> http.postForm("/api/query/cohorts/list", AUTH, ""))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("java.io.IOException: chunked transfer encoding, state: READING_LENGTH");
  }

  @Test
  void readsRulesWrittenAsText() {
    FaultSpec.apply("/api/2.0/export=503@2x3", emulator.faults());
    FaultSpec.apply("/import=terminated-early:4 xall", emulator.faults());
    FaultSpec.apply("/api/query/*=plan-gate xall", emulator.faults());

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(http.get(DAY, AUTH).statusCode());
    }

    assertThat(statuses).containsExactly(200, 503, 503, 503, 200);
    assertThat(emulator.faults().pendingFirings()).isEqualTo(-1);
    assertThat(http.postForm("/api/query/cohorts/list", AUTH, "").statusCode()).isEqualTo(402);
    assertThatThrownBy(() -> FaultSpec.apply("/import=reset-lines", emulator.faults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid fault '/import=reset-lines': reset-lines needs a number, e.g. reset-lines:10");
    assertThatThrownBy(() -> FaultSpec.apply("export=503", emulator.faults()))
        .hasMessage("Invalid fault 'export=503': it does not have the form " + FaultSpec.FORMAT);
  }

  @Test
  void rejectsNonsenseRules() {
    assertThatThrownBy(() -> emulator.faults().on("api/2.0/export"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid fault path 'api/2.0/export': start it with /, e.g. /api/2.0/export");
    assertThatThrownBy(() -> Fault.status(302)).hasMessage("Invalid fault status 302: use an error status from 400 to 599");
    assertThatThrownBy(() -> emulator.faults().on("/import").times(0))
        .hasMessage("Invalid times 0: use 1 or more, or always()");
  }
}
