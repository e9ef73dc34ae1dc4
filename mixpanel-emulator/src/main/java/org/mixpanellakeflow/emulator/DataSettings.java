package org.mixpanellakeflow.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How a project's data behaves beyond its size: when processed events become visible to export,
 * and whether generated events share {@code $insert_id}s. Immutable; {@code with...} methods
 * return a copy, and their errors name the {@link EmulatedProject.Builder} setter to fix.
 *
 * @param exportVisibilityDelay how long after its processing time ({@code mp_processing_time_ms})
 *     an event is served by raw export; zero serves it at once
 * @param sharedInsertIdEvery 0 for unique generated {@code $insert_id}s; n (2 or more) makes every
 *     n-th generated event of a day reuse the id of an earlier event of that day
 */
record DataSettings(Duration exportVisibilityDelay, int sharedInsertIdEvery) {
  static final DataSettings DEFAULTS = new DataSettings(Duration.ZERO, 0);

  DataSettings {
    Objects.requireNonNull(exportVisibilityDelay, "exportVisibilityDelay is null");
    if (exportVisibilityDelay.isNegative()) {
      throw new IllegalArgumentException("Invalid exportVisibilityDelay " + exportVisibilityDelay
          + ": an event cannot be served before it is processed; use Duration.ZERO or more");
    }
    if (exportVisibilityDelay.compareTo(Duration.ofDays(365)) > 0) {
      throw new IllegalArgumentException("Invalid exportVisibilityDelay " + exportVisibilityDelay
          + ": use at most 365 days (Mixpanel's own pipelines call data late after 2 hours)");
    }
    if (sharedInsertIdEvery < 0 || sharedInsertIdEvery == 1) {
      throw new IllegalArgumentException("Invalid sharedInsertIdEvery " + sharedInsertIdEvery
          + ": use 0 (every $insert_id unique) or 2 or more (every n-th event reuses an earlier one's)");
    }
  }

  DataSettings withExportVisibilityDelay(Duration delay) {
    return new DataSettings(delay, sharedInsertIdEvery);
  }

  DataSettings withSharedInsertIdEvery(int every) {
    return new DataSettings(exportVisibilityDelay, every);
  }

  long exportVisibilityDelayMs() {
    return exportVisibilityDelay.toMillis();
  }

  /** Whether generated event {@code index} of a day takes another event's {@code $insert_id}. */
  boolean sharesInsertId(int index) {
    return sharedInsertIdEvery > 0 && index % sharedInsertIdEvery == sharedInsertIdEvery - 1;
  }
}
