package org.mixpanellakeflow.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces one client's requests of one API family before they are sent, within its {@link
 * BudgetShare} of the project's {@link RequestBudget}; {@link RetryPolicy} reacts after a failure
 * instead. Every client has its own limiter and nothing is shared through the JVM: on a cluster the
 * driver plans the shares, and each executor keeps to its own. Each client waits with its own clock
 * and sleeper. Thread safe: the state is guarded by one lock.
 *
 * <p>The first wait is logged at INFO with its reason, later ones at DEBUG.
 */
final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();
  /**
   * A slot is 15% longer than the bare arithmetic asks: Mixpanel counts a request when it arrives,
   * a little after it started here, and arrivals jitter by a few milliseconds.
   */
  private static final double SLOT_SECONDS = 1.15;

  /**
   * How long after an hour-old request leaves the window the next one waits: Mixpanel's window
   * holds the old request from its arrival, which a slow connection can delay by seconds.
   */
  static final Duration HOUR_SLACK = Duration.ofSeconds(2);

  /** Whether a request counts toward the rolling-hour limit; it always takes a concurrent slot. */
  enum Cost {
    COUNTED,
    /** Engage pages after the first, which Mixpanel support says the hourly limit ignores. */
    CONCURRENCY_ONLY
  }

  /**
   * Why a request has to wait.
   *
   * @param duration how long, or {@code null} when the wait ends when a running request finishes
   * @param until when the wait ends, or {@code null} with {@code duration}
   */
  record Wait(Duration duration, Instant until, String reason, boolean rateLimited) {
    static Wait forRelease(String reason) {
      return new Wait(null, null, reason, false);
    }

    static Wait until(Instant now, Instant until, String reason) {
      return new Wait(Duration.between(now, until), until, reason, false);
    }

    static Wait rateLimitedUntil(Instant now, Instant until) {
      return new Wait(
          Duration.between(now, until), until, "Mixpanel answered 429 Too Many Requests", true);
    }
  }

  /** A slot taken from the budget; closing it ends the request's concurrent slot. Idempotent. */
  static final class Permit implements AutoCloseable {
    private final RateLimiter limiter;
    private final Duration waited;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Permit(RateLimiter limiter, Duration waited) {
      this.limiter = limiter;
      this.waited = waited;
    }

    /** Time spent waiting for this slot. */
    Duration waited() {
      return waited;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        limiter.release();
      }
    }
  }

  private final String name;
  private final RequestBudget budget;
  private final BudgetShare share;
  private final int hourlyLimit;
  private final long hourNanos;
  private final long slotNanos;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final ArrayDeque<Instant> lastHour = new ArrayDeque<>();
  private final List<Long> countedStarts = new ArrayList<>();
  private final AtomicBoolean waitedBefore = new AtomicBoolean();
  private int running;
  private long lastSlot = Long.MIN_VALUE;
  private Instant blockedUntil = Instant.MIN;
  private Instant latestStart = Instant.MIN;

  /**
   * @param name for log lines, e.g. {@code Mixpanel export budget of project 7 at
   *     data.mixpanel.com}
   * @param timeScale how many times faster than the clock the budget's windows pass (1 for
   *     Mixpanel; more against an emulator whose rate limits run on a scaled clock)
   */
  RateLimiter(
      String name,
      RequestBudget budget,
      BudgetShare share,
      double timeScale,
      Clock clock,
      Sleeper sleeper) {
    this.name = Objects.requireNonNull(name, "name is null");
    this.budget = Objects.requireNonNull(budget, "budget is null");
    this.share = Objects.requireNonNull(share, "share is null");
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("Invalid time scale " + timeScale + ": expected > 0");
    }
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper is null");
    this.hourlyLimit = budget.perHour() == 0 ? 0 : Math.min(budget.perHour(), share.hourlyLimit());
    this.hourNanos = (long) (HOUR_NANOS / timeScale);
    this.slotNanos =
        budget.perSecond() == 0
            ? 0
            : Math.max(1, (long) (SLOT_SECONDS * 1e9 / (2 * budget.perSecond() - 1) / timeScale));
    share.priorStartsMs().stream().sorted().map(Instant::ofEpochMilli).forEach(lastHour::addLast);
  }

  /** The limiter for one family of the configured project, within the config's share. */
  static RateLimiter forProject(
      ApiFamily family, MixpanelClientConfig config, Clock clock, Sleeper sleeper) {
    boolean export = family == ApiFamily.EXPORT;
    RequestBudget budget = export ? config.exportBudget() : config.queryBudget();
    BudgetShare share = export ? config.exportShare() : config.queryShare();
    String host =
        (export ? config.exportBaseUri() : config.queryBaseUri())
            .getRawAuthority()
            .toLowerCase(Locale.ROOT);
    String project =
        config.projectId() != null ? "project " + config.projectId() : "the api_secret's project";
    String lane = share.lanes() == 1 ? "" : " (lane " + share.lane() + " of " + share.lanes() + ")";
    return new RateLimiter(
        "Mixpanel " + family.label() + " budget of " + project + " at " + host + lane,
        budget,
        share,
        config.rateLimitTimeScale(),
        clock,
        sleeper);
  }

  String name() {
    return name;
  }

  /**
   * Waits until the budget has room, then takes a slot. The caller must close the permit when the
   * request is over, the response body included. The permit's {@link Permit#waited()} leaves out
   * the time spent waiting out a 429 (see {@link #backOff}), which the caller counts as a retry.
   */
  Permit acquire(Cost cost) throws InterruptedException {
    // a fixed clock in tests never moves; counting slept time keeps such a loop from spinning
    Instant sleptUntil = clock.instant();
    Duration waited = Duration.ZERO;
    while (true) {
      Wait wait = tryTake(latest(clock.instant(), sleptUntil), cost);
      if (wait == null) {
        return new Permit(this, waited);
      }
      if (wait.duration() == null) {
        log("{}: {}; waiting for one to finish", name, wait.reason());
        Instant before = clock.instant();
        awaitRoom();
        waited = waited.plus(Duration.between(before, clock.instant()));
      } else {
        log("{}: {}; waiting {} until {}", name, wait.reason(), describe(wait.duration()), wait.until());
        sleeper.sleep(wait.duration());
        if (!wait.rateLimited()) {
          waited = waited.plus(wait.duration());
        }
        sleptUntil = wait.until();
      }
    }
  }

  /**
   * After a 429: no request of this limiter, the retry included, starts before {@code delay} has
   * passed; {@link #acquire} does the waiting. Other clients learn of the limit from their own
   * 429s.
   */
  void backOff(Duration delay) {
    Instant until = clock.instant().plus(delay);
    lock.lock();
    try {
      if (until.isAfter(blockedUntil)) {
        blockedUntil = until;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Epoch milliseconds at which this limiter let requests start that count toward the hour. */
  List<Long> countedStarts() {
    lock.lock();
    try {
      return List.copyOf(countedStarts);
    } finally {
      lock.unlock();
    }
  }

  int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a slot when the budget has room at {@code now} and returns {@code null}; otherwise takes
   * nothing and says why the request must wait.
   */
  Wait tryTake(Instant clockNow, Cost cost) {
    lock.lock();
    try {
      // clocks a little behind (or fixed, in tests) must not see starts in the future
      Instant now = clockNow.isBefore(latestStart) ? latestStart : clockNow;
      if (budget.concurrent() > 0 && running >= budget.concurrent()) {
        return Wait.forRelease(running + " requests running at once");
      }
      if (now.isBefore(blockedUntil)) {
        return Wait.rateLimitedUntil(now, blockedUntil);
      }
      boolean counted = cost == Cost.COUNTED;
      if (counted && hourlyLimit > 0) {
        Instant windowStart = now.minusNanos(hourNanos);
        while (!lastHour.isEmpty() && !lastHour.peekFirst().isAfter(windowStart)) {
          lastHour.removeFirst();
        }
        if (lastHour.size() >= hourlyLimit) {
          return Wait.until(
              now,
              lastHour.peekFirst().plusNanos(hourNanos).plus(HOUR_SLACK),
              lastHour.size() + " requests in the last hour");
        }
      }
      long slot = Long.MIN_VALUE;
      if (slotNanos > 0) {
        long current = Math.floorDiv(epochNanos(now), slotNanos);
        long period = 2L * share.lanes();
        slot = current + Math.floorMod(2L * share.lane() - current, period);
        if (slot <= lastSlot) {
          slot = lastSlot + period;
        }
        if (slot != current) {
          return Wait.until(
              now,
              Instant.ofEpochSecond(0, 0).plusNanos(Math.multiplyExact(slot, slotNanos)),
              budget.perSecond() + " requests a second");
        }
      }
      running++;
      latestStart = now;
      if (counted) {
        lastHour.addLast(now);
        countedStarts.add(now.toEpochMilli());
      }
      if (slotNanos > 0) {
        lastSlot = slot;
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void awaitRoom() throws InterruptedException {
    lock.lock();
    try {
      while (budget.concurrent() > 0 && running >= budget.concurrent()) {
        released.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void release() {
    lock.lock();
    try {
      running--;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Human wait for log lines: {@code 250ms}, {@code 30s}, {@code 12m}, {@code 1h 5m 3s}. */
  static String describe(Duration duration) {
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toMillis() + "ms";
    }
    // rounded up so that a wait never reads shorter than it is
    long seconds = duration.plusNanos(999_999_999L).getSeconds();
    StringBuilder text = new StringBuilder();
    append(text, seconds / 3600, "h");
    append(text, seconds % 3600 / 60, "m");
    append(text, seconds % 60, "s");
    return text.toString();
  }

  private void log(String format, Object... arguments) {
    if (waitedBefore.compareAndSet(false, true)) {
      LOG.info(format + " (later waits are logged at DEBUG)", arguments);
    } else {
      LOG.debug(format, arguments);
    }
  }

  private static void append(StringBuilder text, long value, String unit) {
    if (value > 0) {
      text.append(text.length() == 0 ? "" : " ").append(value).append(unit);
    }
  }

  private static long epochNanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
