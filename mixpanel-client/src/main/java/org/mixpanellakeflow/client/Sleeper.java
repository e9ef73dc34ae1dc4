package org.mixpanellakeflow.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between retries; a constructor argument so tests can record waits instead of waiting. */
@FunctionalInterface
interface Sleeper {

  Sleeper SYSTEM = duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());

  void sleep(Duration duration) throws InterruptedException;
}
