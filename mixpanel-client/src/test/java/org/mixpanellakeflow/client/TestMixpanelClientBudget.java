package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.client.FixtureClients.LOWEST_JITTER;
import static org.mixpanellakeflow.client.FixtureClients.serviceAccount;
import static org.mixpanellakeflow.client.FixtureServer.text;
import static org.mixpanellakeflow.client.TestExportStream.line;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request budget as clients see it: each client keeps to its own share. */
class TestMixpanelClientBudget {

  private static final ExportRequest ONE_DAY =
      ExportRequest.days(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1));
  private static final String ONE_EVENT = line("a", 1) + "\n";

  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-02T08:00:00Z"));
  private FixtureServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = FixtureServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void waitForBudgetShowsInStats() {
    server.then(text(200, ONE_EVENT)).then(text(200, ONE_EVENT));

    try (MixpanelClient client = client(new RequestBudget(1, 0, 0), BudgetShare.whole())) {
      client.export(ONE_DAY).close();
      client.export(ONE_DAY).close();

      Duration hour = Duration.ofHours(1).plus(RateLimiter.HOUR_SLACK);
      assertThat(clock.sleeps()).containsExactly(hour);
      assertThat(client.stats().budgetWait()).isEqualTo(hour);
      assertThat(client.stats().endpoints().get("/api/2.0/export").budgetWait()).isEqualTo(hour);
      assertThat(client.stats().retryWait()).isZero();
    }
  }

  @Test
  void clientsOfOneProjectKeepToTheirOwnShares() {
    server.then(text(200, ONE_EVENT)).then(text(200, ONE_EVENT)).then(text(200, ONE_EVENT));
    RequestBudget twoPerHour = new RequestBudget(2, 0, 0);

    try (MixpanelClient first = client(twoPerHour, new BudgetShare(0, 2, 1, List.of()));
        MixpanelClient second = client(twoPerHour, new BudgetShare(1, 2, 1, List.of()))) {
      first.export(ONE_DAY).close();
      second.export(ONE_DAY).close();
      assertThat(clock.sleeps()).isEmpty();

      first.export(ONE_DAY).close();

      Duration hour = Duration.ofHours(1).plus(RateLimiter.HOUR_SLACK);
      assertThat(first.stats().budgetWait()).isEqualTo(hour);
      assertThat(second.stats().budgetWait()).isZero();
      assertThat(first.countedRequestStarts(ApiFamily.EXPORT))
          .containsExactly(
              Instant.parse("2024-05-02T08:00:00Z").toEpochMilli(),
              Instant.parse("2024-05-02T09:00:02Z").toEpochMilli());
      assertThat(first.countedRequestStarts(ApiFamily.QUERY)).isEmpty();
    }
  }

  @Test
  void tooManyRequestsHoldsBackTheClientsLaterRequestsAndIsRetried() {
    server
        .then(text(429, "{\"error\": \"rate limited\"}", "Retry-After", "30"))
        .then(text(200, ONE_EVENT))
        .then(text(200, ONE_EVENT));

    try (MixpanelClient client =
        MixpanelClient.create(
            serviceAccount(server).exportBudget(RequestBudget.exportDefault()).maxAttempts(1).build(),
            clock,
            clock.sleeper(),
            LOWEST_JITTER)) {
      client.export(ONE_DAY).close();

      assertThat(client.stats().retryWait()).isEqualTo(Duration.ofSeconds(30));
      assertThat(client.stats().requests()).isEqualTo(2);
    }
  }

  @Test
  void exportHoldsItsConcurrentSlotUntilTheStreamCloses() {
    server.then(text(200, ONE_EVENT + line("b", 2) + "\n"));
    MixpanelClientConfig config =
        serviceAccount(server).exportBudget(new RequestBudget(0, 0, 2)).build();
    try (MixpanelClient client =
        MixpanelClient.create(config, clock, clock.sleeper(), LOWEST_JITTER)) {
      RateLimiter shared = client.limiter(ApiFamily.EXPORT);
      ExportStream<ExportedEvent> stream = client.export(ONE_DAY);
      assertThat(shared.running()).isEqualTo(1);

      stream.close();
      assertThat(shared.running()).isZero();
    }
  }

  @Test
  void failedAttemptGivesItsSlotBack() {
    server.then(text(503, "busy")).then(text(200, ONE_EVENT));
    MixpanelClientConfig config =
        serviceAccount(server).exportBudget(new RequestBudget(0, 0, 1)).build();

    try (MixpanelClient client =
        MixpanelClient.create(config, clock, clock.sleeper(), LOWEST_JITTER)) {
      client.export(ONE_DAY).close();

      assertThat(client.limiter(ApiFamily.EXPORT).running()).isZero();
      assertThat(client.stats().requests()).isEqualTo(2);
    }
  }

  private MixpanelClient client(RequestBudget exportBudget, BudgetShare share) {
    return MixpanelClient.create(
        serviceAccount(server).exportBudget(exportBudget).exportShare(share).build(),
        clock,
        clock.sleeper(),
        LOWEST_JITTER);
  }
}
