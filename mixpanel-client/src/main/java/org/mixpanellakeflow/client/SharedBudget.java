package org.mixpanellakeflow.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request budget of one project and API family at one host, shared by every client in the JVM
 * through {@link RateLimiter}. It only decides; the caller does the waiting with its own clock and
 * sleeper. Thread safe: the state is guarded by one lock.
 *
 * <p>Rolling windows keep the start time of each request still inside them, so memory is bounded by
 * the budget's own numbers.
 */
final class SharedBudget {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration SECOND = Duration.ofSeconds(1);

  /**
   * Why a request has to wait.
   *
   * @param duration how long, or {@code null} when the wait ends when a running request finishes
   * @param until when the wait ends, or {@code null} with {@code duration}
   * @param reason for the log line, e.g. {@code 60 requests in the last hour}
   */
  record Wait(Duration duration, Instant until, String reason) {
    Wait {
      Objects.requireNonNull(reason, "reason is null");
    }

    static Wait forRelease(String reason) {
      return new Wait(null, null, reason);
    }

    static Wait until(Instant now, Instant until, String reason) {
      return new Wait(Duration.between(now, until), until, reason);
    }
  }

  private final String name;
  private final RequestBudget budget;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final ArrayDeque<Instant> lastHour = new ArrayDeque<>();
  private final ArrayDeque<Instant> lastSecond = new ArrayDeque<>();
  private final AtomicBoolean waitedBefore = new AtomicBoolean();
  private int running;
  private Instant blockedUntil = Instant.MIN;
  private Instant latestStart = Instant.MIN;

  /**
   * @param name for log lines, e.g. {@code Mixpanel export budget of project 7 at
   *     data.mixpanel.com}
   */
  SharedBudget(String name, RequestBudget budget) {
    this.name = Objects.requireNonNull(name, "name is null");
    this.budget = Objects.requireNonNull(budget, "budget is null");
  }

  String name() {
    return name;
  }

  RequestBudget budget() {
    return budget;
  }

  /**
   * Takes a slot when the budget has room at {@code now} and returns {@code null}; otherwise takes
   * nothing and says why the request must wait.
   */
  Wait tryTake(Instant clockNow, RateLimiter.Cost cost) {
    lock.lock();
    try {
      // clients with clocks a little behind (or fixed, in tests) must not see starts in the future
      Instant now = clockNow.isBefore(latestStart) ? latestStart : clockNow;
      if (budget.concurrent() > 0 && running >= budget.concurrent()) {
        return Wait.forRelease(running + " requests running at once");
      }
      if (now.isBefore(blockedUntil)) {
        return Wait.until(now, blockedUntil, "Mixpanel answered 429 Too Many Requests");
      }
      boolean counted = cost == RateLimiter.Cost.COUNTED;
      Wait wait = counted ? windowWait(lastHour, budget.perHour(), HOUR, now, "hour") : null;
      if (wait == null) {
        wait = windowWait(lastSecond, budget.perSecond(), SECOND, now, "second");
      }
      if (wait != null) {
        return wait;
      }
      running++;
      latestStart = now;
      if (counted && budget.perHour() > 0) {
        lastHour.addLast(now);
      }
      if (budget.perSecond() > 0) {
        lastSecond.addLast(now);
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until fewer requests run than the budget allows; returns at once if that holds. */
  void awaitRoom() throws InterruptedException {
    lock.lock();
    try {
      while (budget.concurrent() > 0 && running >= budget.concurrent()) {
        released.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends a request taken by {@link #tryTake}. */
  void release() {
    lock.lock();
    try {
      running--;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Holds back every request of this budget until {@code until}, after the server said 429. */
  void blockUntil(Instant until) {
    lock.lock();
    try {
      if (until.isAfter(blockedUntil)) {
        blockedUntil = until;
      }
    } finally {
      lock.unlock();
    }
  }

  /** True exactly once: for the first wait, which is logged at INFO rather than DEBUG. */
  boolean isFirstWait() {
    return waitedBefore.compareAndSet(false, true);
  }

  int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  private static Wait windowWait(
      ArrayDeque<Instant> starts, int limit, Duration window, Instant now, String unit) {
    if (limit == 0) {
      return null;
    }
    Instant windowStart = now.minus(window);
    while (!starts.isEmpty() && !starts.peekFirst().isAfter(windowStart)) {
      starts.removeFirst();
    }
    if (starts.size() < limit) {
      return null;
    }
    return Wait.until(
        now, starts.peekFirst().plus(window), starts.size() + " requests in the last " + unit);
  }
}
