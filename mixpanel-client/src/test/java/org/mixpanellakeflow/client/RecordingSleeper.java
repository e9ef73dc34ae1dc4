package org.mixpanellakeflow.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the waits it is asked for and returns at once. */
final class RecordingSleeper implements Sleeper {
  private final List<Duration> waits = new ArrayList<>();

  @Override
  public synchronized void sleep(Duration duration) {
    waits.add(duration);
  }

  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }
}
