package org.mixpanellakeflow.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told to, or when its {@link #sleeper()} is asked to wait. */
final class ManualClock extends Clock {

  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** Records each wait and moves the clock by it instead of blocking. */
  Sleeper sleeper() {
    return duration -> {
      synchronized (this) {
        sleeps.add(duration);
        now = now.plus(duration);
      }
    };
  }

  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a ManualClock stays in UTC");
  }
}
