package org.mixpanellakeflow.connector;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Turns exported {@code time} values into true UTC epoch milliseconds.
 *
 * <p>Projects created before 2023-01-01 store "project-time epochs": the wall-clock time in the
 * project's timezone, written as if it were UTC. Mixpanel's docs say to take the offset back out;
 * this does so with the zone's rules at that wall-clock time (in a DST overlap, the earlier
 * offset). Newer projects' times are UTC already and pass through.
 */
final class EventTime {

  /** Mixpanel switched new projects to UTC from this day on. */
  static final LocalDate UTC_PROJECTS_FROM = LocalDate.of(2023, 1, 1);

  private final ZoneId legacyZone;

  private EventTime(ZoneId legacyZone) {
    this.legacyZone = legacyZone;
  }

  static EventTime forProject(LocalDate projectCreated, ZoneId projectTimezone) {
    boolean legacy = projectCreated != null && projectCreated.isBefore(UTC_PROJECTS_FROM);
    return new EventTime(legacy ? projectTimezone : null);
  }

  boolean isLegacy() {
    return legacyZone != null;
  }

  long toUtcMillis(long exportedMillis) {
    if (legacyZone == null) {
      return exportedMillis;
    }
    LocalDateTime wallClock = LocalDateTime.ofInstant(Instant.ofEpochMilli(exportedMillis), ZoneOffset.UTC);
    return wallClock.atZone(legacyZone).toInstant().toEpochMilli();
  }
}
