package org.mixpanellakeflow.emulator;

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
 *
 * <p>An event is processed 0.5 to 90 seconds after it happens. Without an export visibility
 * delay it is served once it happened, its processing time capped at "now"; with one it keeps
 * its own processing time and is served from that time plus the delay on.
 */
final class EventGenerator {
  private static final int USER_POOL_SIZE = 500;
  private static final String[] EVENT_NAMES = {
    "Page View", "Search", "Add To Cart", "Video Played", "Purchase", "Sign Up"
  };
  /** Cumulative percentages matching {@link #EVENT_NAMES}. */
  private static final int[] EVENT_WEIGHTS = {40, 55, 70, 82, 92, 100};
  /** Keeps the choice of whose {@code $insert_id} to share apart from the event streams. */
  private static final long SHARED_ID_DOMAIN = 0x534841524544L;
  /** An event that happened but is not visible yet; later ones of the day may be. */
  private static final EventRecord NOT_YET_VISIBLE = new EventRecord(Map.of(), 0);

  private final EmulatedProject project;
  private final DataSettings settings;
  /** Built once: users are fixed per project, and rebuilding one per event dominated the cost. */
  private final SyntheticUser[] users = new SyntheticUser[USER_POOL_SIZE];

  /** What an event's first random draws decide: enough to compare two events' dedup keys. */
  private record Head(long timeMs, String name, SyntheticUser user, String insertId) {}

  EventGenerator(EmulatedProject project, DataSettings settings) {
    this.project = project;
    this.settings = settings;
    for (int i = 0; i < USER_POOL_SIZE; i++) {
      users[i] = SyntheticUser.of(project, i);
    }
  }

  /**
   * The generated events of one day (in the project's day zone) that export serves at {@code
   * asOfMs}, in time order; nothing on days outside the project's event days.
   */
  Iterator<EventRecord> day(LocalDate day, long asOfMs) {
    if (!project.hasEventsOn(day) || project.eventsPerDay() == 0) {
      return Collections.emptyIterator();
    }
    return new DayIterator(day, asOfMs);
  }

  /** Event {@code index}; null when it happened too late to be visible, and so will every later one. */
  private EventRecord event(LocalDate day, int index, long dayStartMs, long dayEndMs, long asOfMs) {
    SplittableRandom random = Seeds.random(project.seed(), project.projectId(), day.toEpochDay(), index);
    Head head = head(day, index, dayStartMs, dayEndMs, random);
    long delayMs = settings.exportVisibilityDelayMs();
    if (head.timeMs() > asOfMs - delayMs) {
      return null;
    }
    long timeMs = head.timeMs();
    String name = head.name();
    SyntheticUser user = head.user();

    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("time", project.storedTime(timeMs));
    properties.put("distinct_id", user.distinctId());
    String insertId = settings.sharesInsertId(index)
        ? sharedInsertId(day, index, dayStartMs, dayEndMs, head)
        : head.insertId();
    properties.put("$insert_id", insertId);
    user.addStandardProperties(properties, random);
    // the API receives an event shortly after it happened and processes it a little later
    long processedMs = timeMs + random.nextLong(500, 90_000);
    if (delayMs == 0) {
      // served as soon as it happened: it cannot have been processed after "now"
      processedMs = Math.min(processedMs, asOfMs);
    } else if (processedMs > asOfMs - delayMs) {
      return NOT_YET_VISIBLE;
    }
    long receivedMs = Math.min(timeMs + random.nextLong(20, 400), processedMs);
    properties.put("$mp_api_timestamp_ms", receivedMs);
    properties.put("mp_processing_time_ms", processedMs);
    CustomProperties.addTo(name, properties, random);
    NearLimitProperties.maybeAddTo(properties, random);

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", name);
    event.put("properties", Collections.unmodifiableMap(properties));
    return new EventRecord(Collections.unmodifiableMap(event), timeMs);
  }

  /** The first draws of an event's stream, in the order every event makes them. */
  private Head head(LocalDate day, int index, long dayStartMs, long dayEndMs, SplittableRandom random) {
    long timeMs = timeOf(index, dayStartMs, dayEndMs, random);
    String name = pickEventName(random);
    // activity is skewed as in real products: user i fires about 1/sqrt(i) as much as user 0
    double u = random.nextDouble();
    SyntheticUser user = users[(int) (u * u * USER_POOL_SIZE)];
    return new Head(timeMs, name, user, insertId(day, index, random));
  }

  /**
   * The {@code $insert_id} of an earlier event of the day that does not share one itself, picked
   * from the seed. Should the two also agree in time, name and user (a day sliced finer than a
   * millisecond), the event keeps its own id: with one dedup key Mixpanel would keep only one.
   */
  private String sharedInsertId(LocalDate day, int index, long dayStartMs, long dayEndMs, Head own) {
    long epochDay = day.toEpochDay();
    int donor = Seeds.random(project.seed(), project.projectId(), epochDay, index ^ SHARED_ID_DOMAIN).nextInt(index);
    if (settings.sharesInsertId(donor)) {
      // two sharing indexes are never adjacent, so the one before is a donor of its own id
      donor--;
    }
    SplittableRandom random = Seeds.random(project.seed(), project.projectId(), epochDay, donor);
    Head other = head(day, donor, dayStartMs, dayEndMs, random);
    boolean sameKey = other.timeMs() == own.timeMs() && other.name().equals(own.name())
        && other.user().distinctId().equals(own.user().distinctId());
    return sameKey ? own.insertId() : other.insertId();
  }

  private long timeOf(int index, long dayStartMs, long dayEndMs, SplittableRandom random) {
    long span = dayEndMs - dayStartMs;
    int count = project.eventsPerDay();
    long sliceStart = dayStartMs + index * span / count;
    long sliceEnd = dayStartMs + (index + 1L) * span / count;
    return sliceStart + random.nextLong(Math.max(1, sliceEnd - sliceStart));
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

  /** Walks a day's indexes in order; stops for good at the first event too late to be visible. */
  private final class DayIterator implements Iterator<EventRecord> {
    private final LocalDate day;
    private final long asOfMs;
    private final long dayStartMs;
    private final long dayEndMs;
    private int index;
    private EventRecord next;
    private boolean finished;

    DayIterator(LocalDate day, long asOfMs) {
      ZoneId zone = project.dayZone();
      this.day = day;
      this.asOfMs = asOfMs;
      this.dayStartMs = day.atStartOfDay(zone).toInstant().toEpochMilli();
      this.dayEndMs = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      this.finished = dayStartMs > asOfMs - settings.exportVisibilityDelayMs();
    }

    @Override
    public boolean hasNext() {
      while (next == null && !finished) {
        if (index == project.eventsPerDay()) {
          finished = true;
        } else {
          EventRecord candidate = event(day, index++, dayStartMs, dayEndMs, asOfMs);
          finished = candidate == null;
          next = candidate == NOT_YET_VISIBLE ? null : candidate;
        }
      }
      return next != null;
    }

    @Override
    public EventRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more events on " + day);
      }
      EventRecord result = next;
      next = null;
      return result;
    }
  }
}
