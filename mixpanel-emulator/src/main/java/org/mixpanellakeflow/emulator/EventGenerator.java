package org.mixpanellakeflow.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Generates a project's events lazily, one at a time, so a day of millions of events streams in
 * constant memory.
 *
 * <p>Each day has exactly {@code eventsPerDay} events; event {@code i} falls in the {@code i}-th
 * equal slice of the day (day boundaries in the project's day zone, so DST days still hold every
 * event), which keeps times ascending and lets generation stop at the first event after "now".
 */
final class EventGenerator {
  private static final int USER_POOL_SIZE = 500;
  private static final String[] EVENT_NAMES = {
    "Page View", "Search", "Add To Cart", "Video Played", "Purchase", "Sign Up"
  };
  /** Cumulative percentages matching {@link #EVENT_NAMES}. */
  private static final int[] EVENT_WEIGHTS = {40, 55, 70, 82, 92, 100};

  private final EmulatedProject project;
  /** Built once: users are fixed per project, and rebuilding one per event dominated the cost. */
  private final SyntheticUser[] users = new SyntheticUser[USER_POOL_SIZE];

  EventGenerator(EmulatedProject project) {
    this.project = project;
    for (int i = 0; i < USER_POOL_SIZE; i++) {
      users[i] = SyntheticUser.of(project, i);
    }
  }

  Iterator<Map<String, Object>> eventsBetween(LocalDate from, LocalDate to, Instant asOf) {
    LocalDate first = from.isBefore(project.firstEventDay()) ? project.firstEventDay() : from;
    LocalDate last = to.isAfter(project.lastEventDay()) ? project.lastEventDay() : to;
    return new EventIterator(first, last, asOf.toEpochMilli());
  }

  private Map<String, Object> event(LocalDate day, int index, long dayStartMs, long dayEndMs, long asOfMs) {
    SplittableRandom random = Seeds.random(project.seed(), project.projectId(), day.toEpochDay(), index);
    long timeMs = timeOf(index, dayStartMs, dayEndMs, random);
    if (timeMs > asOfMs) {
      return null;
    }
    String name = pickEventName(random);
    SyntheticUser user = users[random.nextInt(USER_POOL_SIZE)];

    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("time", exportedTime(timeMs));
    properties.put("distinct_id", user.distinctId());
    properties.put("$insert_id", insertId(day, index, random));
    user.addStandardProperties(properties, random);
    // the API receives an event shortly after it happened and processes it a little later;
    // an event that happened just before "now" cannot have been processed after "now"
    long processedMs = Math.min(timeMs + random.nextLong(500, 90_000), asOfMs);
    long receivedMs = Math.min(timeMs + random.nextLong(20, 400), processedMs);
    properties.put("$mp_api_timestamp_ms", receivedMs);
    properties.put("mp_processing_time_ms", processedMs);
    CustomProperties.addTo(name, properties, random);

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", name);
    event.put("properties", Collections.unmodifiableMap(properties));
    return Collections.unmodifiableMap(event);
  }

  private long timeOf(int index, long dayStartMs, long dayEndMs, SplittableRandom random) {
    long span = dayEndMs - dayStartMs;
    int count = project.eventsPerDay();
    long sliceStart = dayStartMs + index * span / count;
    long sliceEnd = dayStartMs + (index + 1L) * span / count;
    return sliceStart + random.nextLong(Math.max(1, sliceEnd - sliceStart));
  }

  /**
   * Legacy projects (created before 2023-01-01) store "project-time epochs": the UTC epoch
   * shifted by the project timezone's offset at that instant. Newer projects store true UTC.
   */
  private long exportedTime(long utcMs) {
    if (project.usesUtcDays()) {
      return utcMs;
    }
    int offsetSeconds = project.timezone().getRules().getOffset(Instant.ofEpochMilli(utcMs)).getTotalSeconds();
    return utcMs + offsetSeconds * 1000L;
  }

  /** Unique per (project, day, index): at most 36 characters, hex digits and '-'. */
  private static String insertId(LocalDate day, int index, SplittableRandom random) {
    StringBuilder id = new StringBuilder(31);
    appendHex(id, random.nextLong(), 16).append('-');
    appendHex(id, day.toEpochDay() & 0xFFFFF, 5).append('-');
    return appendHex(id, index, 8).toString();
  }

  /** Zero-padded lower-case hex of the low {@code digits * 4} bits; String.format is too slow here. */
  private static StringBuilder appendHex(StringBuilder target, long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      target.append(Character.forDigit((int) ((value >>> shift) & 0xF), 16));
    }
    return target;
  }

  private static String pickEventName(SplittableRandom random) {
    int roll = random.nextInt(100);
    for (int i = 0; i < EVENT_WEIGHTS.length; i++) {
      if (roll < EVENT_WEIGHTS[i]) {
        return EVENT_NAMES[i];
      }
    }
    throw new IllegalStateException("event weights must end at 100");
  }

  /** Walks days and indexes in order; stops for good at the first event after {@code asOfMs}. */
  private final class EventIterator implements Iterator<Map<String, Object>> {
    private final LocalDate last;
    private final long asOfMs;
    private final ZoneId zone = project.dayZone();
    private LocalDate day;
    private long dayStartMs;
    private long dayEndMs;
    private int index;
    private Map<String, Object> next;
    private boolean finished;

    EventIterator(LocalDate first, LocalDate last, long asOfMs) {
      this.last = last;
      this.asOfMs = asOfMs;
      this.finished = first.isAfter(last) || project.eventsPerDay() == 0;
      if (!finished) {
        startDay(first);
      }
    }

    @Override
    public boolean hasNext() {
      while (next == null && !finished) {
        if (index == project.eventsPerDay()) {
          if (!day.isBefore(last)) {
            finished = true;
            break;
          }
          startDay(day.plusDays(1));
          continue;
        }
        next = event(day, index++, dayStartMs, dayEndMs, asOfMs);
        if (next == null) {
          finished = true;
        }
      }
      return next != null;
    }

    @Override
    public Map<String, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more events");
      }
      Map<String, Object> result = next;
      next = null;
      return result;
    }

    private void startDay(LocalDate newDay) {
      day = newDay;
      index = 0;
      dayStartMs = day.atStartOfDay(zone).toInstant().toEpochMilli();
      dayEndMs = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      if (dayStartMs > asOfMs) {
        finished = true;
      }
    }
  }
}
