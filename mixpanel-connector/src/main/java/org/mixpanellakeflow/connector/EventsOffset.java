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
 * watermark: late arrivals, and the rest of a day that was still running.
 *
 * <p>JSON: {@code {"version":2,"day":"2024-05-11","watermark":1715354400000}}.
 */
record EventsOffset(LocalDate day, Long watermark) {

  static final long VERSION = 2;

  EventsOffset {
    Objects.requireNonNull(day, "day is null");
  }

  static EventsOffset startingAt(LocalDate day) {
    return new EventsOffset(day, null);
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("version", VERSION);
    map.put("day", day.toString());
    if (watermark != null) {
      map.put("watermark", watermark);
    }
    return map;
  }

  static EventsOffset fromMap(Map<String, Object> map) {
    Object version = map.get("version");
    if (!(version instanceof Number n) || n.longValue() != VERSION) {
      throw new LakeflowException(
          "Cannot resume the events table from offset "
              + map
              + ": this connector reads offset version "
              + VERSION
              + " only; move the table's checkpoint folder aside to start a new one (the Delta"
              + " table is kept and merged into)");
    }
    Object day = map.get("day");
    Object watermark = map.get("watermark");
    try {
      return new EventsOffset(
          LocalDate.parse(String.valueOf(day)),
          watermark == null ? null : ((Number) watermark).longValue());
    } catch (DateTimeParseException | ClassCastException e) {
      throw new LakeflowException("Cannot resume the events table from malformed offset " + map, e);
    }
  }
}
