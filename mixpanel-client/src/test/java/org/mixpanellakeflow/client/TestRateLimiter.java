package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TestRateLimiter {

  private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");

  private final ManualClock clock = new ManualClock(START);

  @Test
  void waitsForTheRollingHourOnceItsRequestsAreUsed() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(60, 0, 0));
    for (int i = 0; i < 60; i++) {
      limiter.acquire(RateLimiter.Cost.COUNTED).close();
    }
    clock.advance(Duration.ofMinutes(10));

    RateLimiter.Permit permit = limiter.acquire(RateLimiter.Cost.COUNTED);

    assertThat(clock.sleeps()).containsExactly(Duration.ofMinutes(50));
    assertThat(permit.waited()).isEqualTo(Duration.ofMinutes(50));
  }

  @Test
  void pacesRequestsPerRollingSecond() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(0, 3, 0));
    for (int i = 0; i < 3; i++) {
      limiter.acquire(RateLimiter.Cost.COUNTED).close();
    }
    clock.advance(Duration.ofMillis(400));

    limiter.acquire(RateLimiter.Cost.COUNTED).close();

    assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(600));
  }

  @Test
  void uncountedPagesSkipTheHourButNotTheConcurrency() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(1, 0, 5));
    limiter.acquire(RateLimiter.Cost.COUNTED).close();

    limiter.acquire(RateLimiter.Cost.CONCURRENCY_ONLY).close();
    assertThat(clock.sleeps()).isEmpty();

    limiter.acquire(RateLimiter.Cost.COUNTED).close();
    assertThat(clock.sleeps()).containsExactly(Duration.ofHours(1));
  }

  @Test
  void concurrentSlotWaitsForARelease() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(0, 0, 1));
    RateLimiter.Permit first = limiter.acquire(RateLimiter.Cost.COUNTED);
    AtomicReference<RateLimiter.Permit> second = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                second.set(limiter.acquire(RateLimiter.Cost.COUNTED));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    waiter.start();
    while (waiter.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }

    assertThat(second.get()).isNull();
    first.close();
    waiter.join();

    assertThat(second.get()).isNotNull();
    assertThat(limiter.sharedBudget().running()).isEqualTo(1);
    second.get().close();
    second.get().close();
    assertThat(limiter.sharedBudget().running()).isZero();
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void backOffHoldsBackEveryRequestOfTheBudget() throws InterruptedException {
    RateLimiter limiter = limiter(RequestBudget.exportDefault());

    limiter.backOff(Duration.ofSeconds(30));
    limiter.acquire(RateLimiter.Cost.COUNTED).close();

    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void fixedClockStillMovesOnAfterAWait() throws InterruptedException {
    Clock fixed = Clock.fixed(START, ZoneOffset.UTC);
    RecordingSleeper sleeper = new RecordingSleeper();
    RateLimiter limiter =
        new RateLimiter(
            new SharedBudget("test budget", new RequestBudget(0, 1, 0)), fixed, sleeper);

    for (int i = 0; i < 3; i++) {
      limiter.acquire(RateLimiter.Cost.COUNTED).close();
    }

    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void unlimitedBudgetNeverWaits() throws InterruptedException {
    MixpanelClientConfig config = config("http://unlimited.test:1", 7L).build();

    RateLimiter limiter =
        RateLimiter.forProject(RateLimiter.Family.EXPORT, config, clock, clock.sleeper());

    assertThat(limiter.sharedBudget()).isNull();
    assertThat(limiter.acquire(RateLimiter.Cost.COUNTED).waited()).isZero();
  }

  @Test
  void clientsOfOneHostProjectAndFamilyShareOneBudget() {
    RequestBudget budget = new RequestBudget(60, 3, 100);
    MixpanelClientConfig a = config("http://shared.test:1", 7L).exportBudget(budget).build();
    MixpanelClientConfig b = config("http://shared.test:1", 7L).exportBudget(budget).build();
    MixpanelClientConfig otherProject =
        config("http://shared.test:1", 8L).exportBudget(budget).build();
    MixpanelClientConfig otherHost =
        config("http://shared.test:2", 7L).exportBudget(budget).build();

    SharedBudget shared = shared(RateLimiter.Family.EXPORT, a);

    assertThat(shared(RateLimiter.Family.EXPORT, b)).isSameAs(shared);
    assertThat(shared(RateLimiter.Family.EXPORT, otherProject)).isNotSameAs(shared);
    assertThat(shared(RateLimiter.Family.EXPORT, otherHost)).isNotSameAs(shared);
    assertThat(
            shared(
                RateLimiter.Family.QUERY,
                config("http://shared.test:1", 7L).queryBudget(budget).build()))
        .isNotSameAs(shared);
    assertThat(shared.name()).isEqualTo("Mixpanel export budget of project 7 at shared.test:1");
  }

  @Test
  void projectSecretBudgetIsNamedWithoutTheSecret() {
    MixpanelClientConfig config =
        MixpanelClientConfig.builder()
            .baseUriOverride(URI.create("http://secret.test:1"))
            .credentials(MixpanelCredentials.projectSecret("very-secret-value"))
            .queryBudget(RequestBudget.queryDefault())
            .build();

    SharedBudget shared = shared(RateLimiter.Family.QUERY, config);

    assertThat(shared.name())
        .isEqualTo("Mixpanel query budget of the api_secret's project at secret.test:1");
  }

  @Test
  void describesWaitsForLogLines() {
    assertThat(RateLimiter.describe(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(RateLimiter.describe(Duration.ofMillis(1_500))).isEqualTo("2s");
    assertThat(RateLimiter.describe(Duration.ofMinutes(12))).isEqualTo("12m");
    assertThat(RateLimiter.describe(Duration.ofSeconds(3_725))).isEqualTo("1h 2m 5s");
  }

  private RateLimiter limiter(RequestBudget budget) {
    return new RateLimiter(new SharedBudget("test budget", budget), clock, clock.sleeper());
  }

  private SharedBudget shared(RateLimiter.Family family, MixpanelClientConfig config) {
    return RateLimiter.forProject(family, config, clock, clock.sleeper()).sharedBudget();
  }

  private static MixpanelClientConfig.Builder config(String base, long projectId) {
    return MixpanelClientConfig.builder()
        .baseUriOverride(URI.create(base))
        .credentials(MixpanelCredentials.serviceAccount("svc", "sekrit"))
        .projectId(projectId);
  }
}
