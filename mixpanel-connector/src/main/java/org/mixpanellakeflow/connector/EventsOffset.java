package org.mixpanellakeflow.connector;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Where the {@code events} table stands.
 *
 * <p>{@code day} is the first day not yet read in full. {@code watermark} (epoch ms of Mixpanel's
 * processing time, or {@code null} before the first batch) says that every event of a day before
 * {@code day} that Mixpanel had processed by then is in the table, for the days the lookback
 * covers. The next sync therefore re-reads those days only for events processed after the
 * watermark: late arrivals, and the rest of a day that was still running. {@code firstDay} is the
 * first day the table was asked to hold ({@code start_date} or {@code historical_days} at the
 * first sync), so that no later sweep reads before it.
 *
 * <p>What the driver learned travels along for the next batch and the next run: {@code
 * eventsPerDay}, the busiest day seen (0 when none yet), which sizes batches and requests up
 * front; {@code exportSpent}, the export requests of the last hour, which the next batch's budget
 * plan counts.
 *
 * <p>JSON (version 3): {@code {"version":3,"day":"2024-05-11","watermark":1715354400000,
 * "first_day":"2024-05-01","events_per_day":120000,"export_spent":"1715354400000,..."}}. Version 2
 * offsets ({@code day} and {@code watermark} only) are read as version 3 without a first day.
 */
record EventsOffset(
    LocalDate day, Long watermark, LocalDate firstDay, long eventsPerDay, RequestLedger exportSpent) {

  static final long VERSION = 3;
  private static final long PREVIOUS_VERSION = 2;

  EventsOffset {
    Objects.requireNonNull(day, "day is null");
    Objects.requireNonNull(exportSpent, "exportSpent is null");
    if (eventsPerDay < 0) {
      throw new IllegalArgumentException("eventsPerDay " + eventsPerDay + " is negative");
    }
  }

  static EventsOffset startingAt(LocalDate day) {
    return new EventsOffset(day, null, day, 0, RequestLedger.EMPTY);
  }

  EventsOffset withProgress(LocalDate nextDay, Long nextWatermark) {
    return new EventsOffset(nextDay, nextWatermark, firstDay, eventsPerDay, exportSpent);
  }

  EventsOffset withKnowledge(long perDay, RequestLedger spent) {
    return new EventsOffset(day, watermark, firstDay, perDay, spent);
  }

  /** Same place in the data: the same day and watermark, whatever else was learned. */
  boolean samePlace(EventsOffset other) {
    return day.equals(other.day) && Objects.equals(watermark, other.watermark);
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("version", VERSION);
    map.put("day", day.toString());
    if (watermark != null) {
      map.put("watermark", watermark);
    }
    if (firstDay != null) {
      map.put("first_day", firstDay.toString());
    }
    map.put("events_per_day", eventsPerDay);
    map.put("export_spent", exportSpent.encode());
    return map;
  }

  static EventsOffset fromMap(Map<String, Object> map) {
    Object version = map.get("version");
    boolean current = version instanceof Number n && n.longValue() == VERSION;
    boolean previous = version instanceof Number n && n.longValue() == PREVIOUS_VERSION;
    if (!current && !previous) {
      throw new LakeflowException(
          "Cannot resume the events table from offset "
              + map
              + ": this connector reads offset versions "
              + PREVIOUS_VERSION
              + " and "
              + VERSION
              + " only; move the table's checkpoint folder aside to start a new one (the Delta"
              + " table is kept and merged into)");
    }
    try {
      Object watermark = map.get("watermark");
      Object firstDay = map.get("first_day");
      Object perDay = map.get("events_per_day");
      return new EventsOffset(
          LocalDate.parse(String.valueOf(map.get("day"))),
          watermark == null ? null : ((Number) watermark).longValue(),
          firstDay == null ? null : LocalDate.parse(firstDay.toString()),
          perDay == null ? 0 : ((Number) perDay).longValue(),
          RequestLedger.decode(map.get("export_spent")));
    } catch (DateTimeParseException | ClassCastException | IllegalArgumentException e) {
      throw new LakeflowException("Cannot resume the events table from malformed offset " + map, e);
    }
  }
}
