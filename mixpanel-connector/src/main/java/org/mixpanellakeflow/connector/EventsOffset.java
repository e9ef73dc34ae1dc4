package org.mixpanellakeflow.connector;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Where the {@code events} table stands: every day before {@code day} has been read completely,
 * and, when {@code asOf} is set, {@code day} itself has been read as it was at that instant (epoch
 * ms) because it was the project's "today" then. Serialized as versioned JSON, for example {@code
 * {"version":1,"day":"2024-05-01","as_of":1714550400000}}.
 */
record EventsOffset(LocalDate day, Long asOf) {

  static final long VERSION = 1;

  EventsOffset {
    Objects.requireNonNull(day, "day is null");
  }

  static EventsOffset startingAt(LocalDate day) {
    return new EventsOffset(day, null);
  }

  boolean isPartial() {
    return asOf != null;
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("version", VERSION);
    map.put("day", day.toString());
    if (asOf != null) {
      map.put("as_of", asOf);
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
              + " only (the checkpoint was written by another version; start a new checkpoint)");
    }
    Object day = map.get("day");
    Object asOf = map.get("as_of");
    try {
      return new EventsOffset(
          LocalDate.parse(String.valueOf(day)), asOf == null ? null : ((Number) asOf).longValue());
    } catch (DateTimeParseException | ClassCastException e) {
      throw new LakeflowException("Cannot resume the events table from malformed offset " + map, e);
    }
  }
}
