package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TestRateLimiter {

  private static final Instant START = Instant.parse("2024-05-02T08:00:00Z");

  private final ManualClock clock = new ManualClock(START);

  @Test
  void waitsForTheRollingHourOnceItsRequestsAreUsed() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(60, 0, 0), BudgetShare.whole());
    for (int i = 0; i < 60; i++) {
      limiter.acquire(RateLimiter.Cost.COUNTED).close();
    }
    clock.advance(Duration.ofMinutes(10));

    RateLimiter.Permit permit = limiter.acquire(RateLimiter.Cost.COUNTED);

    Duration fiftyMinutes = Duration.ofMinutes(50).plus(RateLimiter.HOUR_SLACK);
    assertThat(clock.sleeps()).containsExactly(fiftyMinutes);
    assertThat(permit.waited()).isEqualTo(fiftyMinutes);
  }

  @Test
  void hourlyShareCountsThePriorRequestsItWasGiven() throws InterruptedException {
    long tenMinutesAgo = START.minus(Duration.ofMinutes(10)).toEpochMilli();
    long twoHoursAgo = START.minus(Duration.ofHours(2)).toEpochMilli();
    RateLimiter limiter =
        limiter(
            new RequestBudget(60, 0, 0),
            new BudgetShare(1, 4, 2, List.of(twoHoursAgo, tenMinutesAgo)));

    limiter.acquire(RateLimiter.Cost.COUNTED).close();
    assertThat(clock.sleeps()).isEmpty();
    limiter.acquire(RateLimiter.Cost.COUNTED).close();

    Duration fiftyMinutes = Duration.ofMinutes(50).plus(RateLimiter.HOUR_SLACK);
    assertThat(clock.sleeps()).containsExactly(fiftyMinutes);
    assertThat(limiter.countedStarts())
        .containsExactly(START.toEpochMilli(), START.plus(fiftyMinutes).toEpochMilli());
  }

  @Test
  void shareNeverExceedsTheBudgetsOwnHour() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(1, 0, 0), new BudgetShare(0, 1, 5, List.of()));

    limiter.acquire(RateLimiter.Cost.COUNTED).close();
    limiter.acquire(RateLimiter.Cost.COUNTED).close();

    assertThat(clock.sleeps()).containsExactly(Duration.ofHours(1).plus(RateLimiter.HOUR_SLACK));
  }

  /**
   * Lanes never talk to each other, so each is simulated alone on its own clock; merged, their
   * starts must still respect the per-second limit in every rolling second.
   */
  @Test
  void lanesTogetherKeepToThePerSecondLimitWithoutTalking() throws InterruptedException {
    for (int perSecond : new int[] {1, 3, 5}) {
      for (int lanes : new int[] {1, 2, 4, 7}) {
        List<Instant> starts = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
          ManualClock laneClock = new ManualClock(START.plusMillis(lane * 7L));
          SplittableRandom random = new SplittableRandom(31L * perSecond + lane);
          RateLimiter limiter =
              new RateLimiter(
                  "lane " + lane,
                  new RequestBudget(0, perSecond, 0),
                  new BudgetShare(lane, lanes, Integer.MAX_VALUE, List.of()),
                  1,
                  laneClock,
                  laneClock.sleeper());
          for (int i = 0; i < 40; i++) {
            laneClock.advance(Duration.ofMillis(random.nextInt(0, 400)));
            limiter.acquire(RateLimiter.Cost.COUNTED).close();
            starts.add(laneClock.instant());
          }
        }
        assertThat(maxInAnyWindow(starts, Duration.ofSeconds(1)))
            .as("%d a second, %d lanes", perSecond, lanes)
            .isLessThanOrEqualTo(perSecond);
      }
    }
  }

  @Test
  void oneLaneUsesAboutHalfThePerSecondBudgetInItsSlots() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(0, 3, 0), BudgetShare.whole());
    // the first start may fall anywhere inside a free slot; later ones wait for a slot's start
    limiter.acquire(RateLimiter.Cost.COUNTED).close();
    limiter.acquire(RateLimiter.Cost.COUNTED).close();
    Instant first = clock.instant();
    for (int i = 0; i < 10; i++) {
      limiter.acquire(RateLimiter.Cost.COUNTED).close();
    }

    // slots of 1.15 s / 5 = 230 ms, one in two used: 10 more starts take 4.6 s
    assertThat(Duration.between(first, clock.instant())).isEqualTo(Duration.ofMillis(4_600));
  }

  @Test
  void timeScaleShortensTheWindows() throws InterruptedException {
    RateLimiter limiter =
        new RateLimiter(
            "scaled", new RequestBudget(2, 0, 0), BudgetShare.whole(), 60, clock, clock.sleeper());
    for (int i = 0; i < 3; i++) {
      limiter.acquire(RateLimiter.Cost.COUNTED).close();
    }

    assertThat(clock.sleeps()).containsExactly(Duration.ofMinutes(1).plus(RateLimiter.HOUR_SLACK));
  }

  @Test
  void uncountedPagesSkipTheHourButNotTheConcurrency() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(1, 0, 5), BudgetShare.whole());
    limiter.acquire(RateLimiter.Cost.COUNTED).close();

    limiter.acquire(RateLimiter.Cost.CONCURRENCY_ONLY).close();
    assertThat(clock.sleeps()).isEmpty();

    limiter.acquire(RateLimiter.Cost.COUNTED).close();
    assertThat(clock.sleeps()).containsExactly(Duration.ofHours(1).plus(RateLimiter.HOUR_SLACK));
    assertThat(limiter.countedStarts()).hasSize(2);
  }

  @Test
  void concurrentSlotWaitsForARelease() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(0, 0, 1), BudgetShare.whole());
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
    assertThat(limiter.running()).isEqualTo(1);
    second.get().close();
    second.get().close();
    assertThat(limiter.running()).isZero();
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void backOffHoldsBackEveryRequestOfTheLimiter() throws InterruptedException {
    RateLimiter limiter = limiter(new RequestBudget(60, 0, 100), BudgetShare.whole());

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
            "test budget", new RequestBudget(1, 0, 0), BudgetShare.whole(), 1, fixed, sleeper);

    for (int i = 0; i < 3; i++) {
      limiter.acquire(RateLimiter.Cost.COUNTED).close();
    }

    Duration hour = Duration.ofHours(1).plus(RateLimiter.HOUR_SLACK);
    assertThat(sleeper.waits()).containsExactly(hour, hour);
  }

  @Test
  void unlimitedBudgetNeverWaitsButStillRecordsItsStarts() throws InterruptedException {
    MixpanelClientConfig config = config("http://unlimited.test:1", 7L).build();
    RateLimiter limiter =
        RateLimiter.forProject(ApiFamily.EXPORT, config, clock, clock.sleeper());

    for (int i = 0; i < 100; i++) {
      assertThat(limiter.acquire(RateLimiter.Cost.COUNTED).waited()).isZero();
    }
    assertThat(limiter.countedStarts()).hasSize(100);
  }

  @Test
  void clientsNeverShareALimiter() {
    RequestBudget budget = new RequestBudget(60, 3, 100);
    MixpanelClientConfig config = config("http://shared.test:1", 7L).exportBudget(budget).build();

    RateLimiter first = RateLimiter.forProject(ApiFamily.EXPORT, config, clock, clock.sleeper());
    RateLimiter second = RateLimiter.forProject(ApiFamily.EXPORT, config, clock, clock.sleeper());

    assertThat(first).isNotSameAs(second);
    assertThat(first.name()).isEqualTo("Mixpanel export budget of project 7 at shared.test:1");
  }

  @Test
  void namesTheLaneAndNeverTheSecret() {
    MixpanelClientConfig config =
        MixpanelClientConfig.builder()
            .baseUriOverride(URI.create("http://secret.test:1"))
            .credentials(MixpanelCredentials.projectSecret("very-secret-value"))
            .queryBudget(RequestBudget.queryDefault())
            .queryShare(new BudgetShare(2, 3, 20, List.of()))
            .build();

    assertThat(RateLimiter.forProject(ApiFamily.QUERY, config, clock, clock.sleeper()).name())
        .isEqualTo(
            "Mixpanel query budget of the api_secret's project at secret.test:1 (lane 2 of 3)");
  }

  @Test
  void refusesSharesThatCannotWork() {
    assertThatThrownBy(() -> new BudgetShare(3, 3, 1, List.of()))
        .hasMessage("Invalid budget lane 3 of 3: expected 0 <= lane < lanes");
    assertThatThrownBy(() -> new BudgetShare(0, 1, 0, List.of()))
        .hasMessage("Invalid hourly share 0: a lane needs at least one request an hour");
  }

  @Test
  void describesWaitsForLogLines() {
    assertThat(RateLimiter.describe(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(RateLimiter.describe(Duration.ofMillis(1_500))).isEqualTo("2s");
    assertThat(RateLimiter.describe(Duration.ofMinutes(12))).isEqualTo("12m");
    assertThat(RateLimiter.describe(Duration.ofSeconds(3_725))).isEqualTo("1h 2m 5s");
  }

  private RateLimiter limiter(RequestBudget budget, BudgetShare share) {
    return new RateLimiter("test budget", budget, share, 1, clock, clock.sleeper());
  }

  private static int maxInAnyWindow(List<Instant> starts, Duration window) {
    List<Instant> sorted = new ArrayList<>(starts);
    sorted.sort(null);
    int max = 0;
    int first = 0;
    for (int last = 0; last < sorted.size(); last++) {
      while (!sorted.get(first).plus(window).isAfter(sorted.get(last))) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }

  private static MixpanelClientConfig.Builder config(String base, long projectId) {
    return MixpanelClientConfig.builder()
        .baseUriOverride(URI.create(base))
        .credentials(MixpanelCredentials.serviceAccount("svc", "sekrit"))
        .projectId(projectId);
  }
}
