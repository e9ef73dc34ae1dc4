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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared request budget as clients see it; each test has its own server, so its own budget. */
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

    try (MixpanelClient client = client(new RequestBudget(0, 1, 0))) {
      client.export(ONE_DAY).close();
      client.export(ONE_DAY).close();

      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1));
      assertThat(client.stats().budgetWait()).isEqualTo(Duration.ofSeconds(1));
      assertThat(client.stats().endpoints().get("/api/2.0/export").budgetWait())
          .isEqualTo(Duration.ofSeconds(1));
      assertThat(client.stats().retryWait()).isZero();
    }
  }

  @Test
  void clientsOfOneProjectShareTheHourlyBudget() {
    server.then(text(200, ONE_EVENT)).then(text(200, ONE_EVENT));
    RequestBudget onePerHour = new RequestBudget(1, 0, 0);

    try (MixpanelClient first = client(onePerHour);
        MixpanelClient second = client(onePerHour)) {
      first.export(ONE_DAY).close();
      second.export(ONE_DAY).close();

      assertThat(second.stats().budgetWait()).isEqualTo(Duration.ofHours(1));
      assertThat(first.stats().budgetWait()).isZero();
    }
  }

  @Test
  void tooManyRequestsHoldsBackEveryClientOfTheProject() {
    server
        .then(text(429, "{\"error\": \"rate limited\"}", "Retry-After", "30"))
        .then(text(200, ONE_EVENT));
    RequestBudget budget = RequestBudget.exportDefault();

    try (MixpanelClient first =
            MixpanelClient.create(
                serviceAccount(server).exportBudget(budget).maxAttempts(1).build(),
                clock,
                clock.sleeper(),
                LOWEST_JITTER);
        MixpanelClient second = client(budget)) {
      assertThatThrownBy(() -> first.export(ONE_DAY))
          .isInstanceOf(MixpanelRateLimitedException.class)
          .hasMessageContaining("failed with HTTP 429 after 1 attempt: rate limited.");

      second.export(ONE_DAY).close();

      assertThat(second.stats().budgetWait()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void exportHoldsItsConcurrentSlotUntilTheStreamCloses() {
    server.then(text(200, ONE_EVENT + line("b", 2) + "\n"));
    MixpanelClientConfig config =
        serviceAccount(server).exportBudget(new RequestBudget(0, 0, 2)).build();
    SharedBudget shared =
        RateLimiter.forProject(RateLimiter.Family.EXPORT, config, clock, clock.sleeper())
            .sharedBudget();

    try (MixpanelClient client =
        MixpanelClient.create(config, clock, clock.sleeper(), LOWEST_JITTER)) {
      ExportStream stream = client.export(ONE_DAY);
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

      assertThat(
              RateLimiter.forProject(RateLimiter.Family.EXPORT, config, clock, clock.sleeper())
                  .sharedBudget()
                  .running())
          .isZero();
      assertThat(client.stats().requests()).isEqualTo(2);
    }
  }

  private MixpanelClient client(RequestBudget exportBudget) {
    return MixpanelClient.create(
        serviceAccount(server).exportBudget(exportBudget).build(),
        clock,
        clock.sleeper(),
        LOWEST_JITTER);
  }
}
