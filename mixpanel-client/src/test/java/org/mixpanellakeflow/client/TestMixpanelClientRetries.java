package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.client.FixtureClients.SECRET;
import static org.mixpanellakeflow.client.FixtureClients.client;
import static org.mixpanellakeflow.client.FixtureClients.serviceAccount;
import static org.mixpanellakeflow.client.FixtureServer.text;
import static org.mixpanellakeflow.client.TestExportStream.line;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestMixpanelClientRetries {

  private static final LocalDate DAY = LocalDate.of(2024, 5, 1);
  private static final ExportRequest ONE_DAY = ExportRequest.days(DAY, DAY);
  private static final String TWO_EVENTS = line("a", 1) + "\n" + line("b", 2) + "\n";

  private FixtureServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void startServer() throws IOException {
    server = FixtureServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void retriesServiceUnavailableThenReads() {
    server.then(text(503, "busy")).then(text(200, TWO_EVENTS));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThat(names(client.export(ONE_DAY))).containsExactly("a", "b");
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1));
      ClientStats stats = client.stats();
      assertThat(stats.requests()).isEqualTo(2);
      assertThat(stats.retries()).isEqualTo(1);
      assertThat(stats.retryWait()).isEqualTo(Duration.ofSeconds(1));
      assertThat(stats.endpoints().get("/api/2.0/export").requests()).isEqualTo(2);
    }
  }

  @Test
  void waitsWhatRetryAfterSays() {
    server
        .then(text(429, "{\"error\": \"rate limited\"}", "Retry-After", "7"))
        .then(text(200, TWO_EVENTS));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThat(names(client.export(ONE_DAY))).containsExactly("a", "b");
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
    }
  }

  @Test
  void persistentRateLimitReportsRetryAfter() {
    String body = "{\"error\": \"Query rate limit exceeded for project_id: 7.\"}";
    server.then(text(429, body, "Retry-After", "30")).then(text(429, body, "Retry-After", "30"));

    try (MixpanelClient client =
        client(
            serviceAccount(server).maxAttempts(1).maxRateLimitWait(Duration.ofSeconds(40)),
            sleeper)) {
      assertThatThrownBy(() -> client.export(ONE_DAY))
          .isInstanceOfSatisfying(
              MixpanelRateLimitedException.class,
              e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)))
          .hasMessage(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) failed with"
                  + " HTTP 429 after 2 attempts: Query rate limit exceeded for project_id: 7."
                  + " Stopped retrying: another wait of 30000 ms would pass the rate-limit wait of"
                  + " 40000 ms. Mixpanel limits each project (export: 60 queries/hour and"
                  + " 3/second; Query API: 60 queries/hour and 5 concurrent); it asked to wait"
                  + " 30s: another job may be spending the same project's budget; run again later,"
                  + " or allow longer waits for the rate limit.");
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(30));
    }
  }

  @Test
  void followsALongRetryAfterWithoutSpendingAttempts() {
    String body = "{\"error\": \"Query rate limit exceeded for project_id: 7.\"}";
    server
        .then(text(429, body, "Retry-After", "1800"))
        .then(text(429, body, "Retry-After", "1200"))
        .then(text(200, TWO_EVENTS));

    ManualClock clock = new ManualClock(java.time.Instant.parse("2024-05-02T08:00:00Z"));
    try (MixpanelClient client =
        MixpanelClient.create(
            serviceAccount(server).maxAttempts(1).build(),
            clock,
            clock.sleeper(),
            FixtureClients.LOWEST_JITTER)) {
      assertThat(names(client.export(ONE_DAY))).containsExactly("a", "b");
      assertThat(clock.sleeps())
          .containsExactly(Duration.ofMinutes(30), Duration.ofMinutes(20));
      assertThat(client.stats().retryWait()).isEqualTo(Duration.ofMinutes(50));
      assertThat(client.stats().budgetWait()).isZero();
    }
  }

  @Test
  void neverRetriesUnauthorizedAndKeepsTheSecretOut() {
    server.then(text(401, "{\"error\": \"Invalid credentials for svc.reader:" + SECRET + "\"}"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThatThrownBy(() -> client.export(ONE_DAY))
          .isInstanceOf(MixpanelAuthException.class)
          .hasMessage(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) failed with"
                  + " HTTP 401 after 1 attempt: Invalid credentials for svc.reader:****. Mixpanel"
                  + " did not accept the credentials: check 'username' and 'secret' (or"
                  + " 'api_secret'); a service account may have expired, so create a new one under"
                  + " Organization Settings > Service Accounts if needed.");
      assertThat(server.requests()).hasSize(1);
      assertThat(sleeper.waits()).isEmpty();
    }
  }

  @Test
  void retriesInternalServerErrorThenGivesUpWithTheCause() {
    server.then(text(500, "oops")).then(text(200, TWO_EVENTS)).then(text(500, "oops"))
        .then(text(500, "oops"));

    try (MixpanelClient client = client(serviceAccount(server).maxAttempts(2), sleeper)) {
      assertThat(names(client.export(ONE_DAY))).containsExactly("a", "b");
      assertThatThrownBy(() -> client.export(ONE_DAY))
          .isInstanceOf(MixpanelServerException.class)
          .hasMessageEndingWith(
              "failed with HTTP 500 after 2 attempts: oops. Mixpanel had a server-side problem;"
                  + " try again later.");
    }
  }

  @Test
  void retriesARefusedConnection() throws IOException {
    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    try (MixpanelClient client =
        client(
            serviceAccount(java.net.URI.create("http://127.0.0.1:" + port)).maxAttempts(3),
            sleeper)) {
      assertThatThrownBy(() -> client.export(ONE_DAY))
          .isInstanceOf(MixpanelServerException.class)
          .hasMessageContaining("failed with refused after 3 attempts")
          .hasMessageContaining("The host refused the connection");
      assertThat(sleeper.waits()).hasSize(2);
    }
  }

  @Test
  void stopsWhenTheNextWaitWouldPassTheRetryBudget() {
    server.then(text(503, "")).then(text(503, "")).then(text(503, ""));

    try (MixpanelClient client =
        client(serviceAccount(server).maxRetryWait(Duration.ofMillis(2_000)), sleeper)) {
      assertThatThrownBy(() -> client.export(ONE_DAY))
          .isInstanceOf(MixpanelServerException.class)
          .hasMessageContaining(
              "failed with HTTP 503 after 2 attempts. Stopped retrying: another wait of 1500 ms"
                  + " would pass the retry budget of 2000 ms.");
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1));
    }
  }

  @Test
  void zeroRetryBudgetNeverRetries() {
    server.then(text(503, "")).then(text(200, TWO_EVENTS));

    try (MixpanelClient client =
        client(serviceAccount(server).maxRetryWait(Duration.ZERO), sleeper)) {
      assertThatThrownBy(() -> client.export(ONE_DAY))
          .isInstanceOf(MixpanelServerException.class)
          .hasMessageContaining(
              "failed with HTTP 503 after 1 attempt. Stopped retrying: another wait of 1000 ms"
                  + " would pass the retry budget of 0 ms.");
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void interruptDuringWaitRestoresTheFlagAndStops() {
    server.then(text(503, ""));
    Sleeper interrupted =
        duration -> {
          throw new InterruptedException("stop");
        };

    try (MixpanelClient client = client(serviceAccount(server), interrupted)) {
      assertThatThrownBy(() -> client.export(ONE_DAY))
          .isInstanceOf(MixpanelException.class)
          .hasMessage(
              "Mixpanel /api/2.0/export was interrupted after 1 attempt; the thread's interrupt"
                  + " flag is set again so the caller can stop.");
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void truncationAfterDeliveredEventsFailsWithoutRetry() {
    server.then(text(200, TWO_EVENTS + "terminated early"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      ExportStream<ExportedEvent> stream = client.export(ONE_DAY);
      List<String> seen = new ArrayList<>();

      assertThatThrownBy(() -> stream.forEachRemaining(e -> seen.add(e.name())))
          .isInstanceOf(MixpanelProtocolException.class)
          .hasMessage(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) response was"
                  + " truncated at line 3 (the body ends with 'terminated early'); events before"
                  + " it may be incomplete: discard them and re-read the window.");
      assertThat(seen).containsExactly("a", "b");
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void truncationBeforeAnyEventIsRetried() {
    server
        .then(text(200, "{\"event\":\"a\",\"prope\nterminated early"))
        .then(text(200, TWO_EVENTS));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThat(names(client.export(ONE_DAY))).containsExactly("a", "b");
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void connectionCutBeforeAnyEventIsRetried() throws IOException {
    try (SocketFixture sockets = new SocketFixture();
        MixpanelClient client = client(serviceAccount(sockets), sleeper)) {
      sockets.thenCutAfter("{\"event\":\"a\"").thenOk(TWO_EVENTS);

      assertThat(names(client.export(ONE_DAY))).containsExactly("a", "b");
      assertThat(sockets.requests()).isEqualTo(2);
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1));
    }
  }

  @Test
  void connectionCutMidStreamFailsWithLineNumber() throws IOException {
    try (SocketFixture sockets = new SocketFixture();
        MixpanelClient client = client(serviceAccount(sockets), sleeper)) {
      sockets.thenCutAfter(TWO_EVENTS + "{\"event\":\"c\"");
      ExportStream<ExportedEvent> stream = client.export(ONE_DAY);
      stream.next();
      stream.next();

      assertThatThrownBy(stream::hasNext)
          .isInstanceOfSatisfying(
              MixpanelProtocolException.class, e -> assertThat(e.lineNumber()).isEqualTo(3))
          .hasMessageStartingWith(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) response was"
                  + " truncated at line 3 (")
          .hasMessageEndingWith("re-read the window.");
      assertThat(sockets.requests()).isEqualTo(1);
    }
  }

  private static List<String> names(ExportStream<ExportedEvent> stream) {
    List<String> names = new ArrayList<>();
    try (stream) {
      stream.forEachRemaining(e -> names.add(e.name()));
    }
    return names;
  }
}
