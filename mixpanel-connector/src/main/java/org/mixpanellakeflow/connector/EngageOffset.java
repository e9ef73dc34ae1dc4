package org.mixpanellakeflow.connector;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Where the {@code engage} table stands: {@code lastSeen} is the instant (UTC, as Mixpanel writes
 * {@code $last_seen}: {@code YYYY-MM-DDTHH:MM:SS}) up to which profile changes have been read, or
 * {@code null} before the first sync; {@code querySpent} the Query API requests of the last hour,
 * for the next plan.
 *
 * <p>JSON (version 2): {@code {"version":2,"last_seen":"2024-05-10T12:00:00","query_spent":"..."}}.
 * Version 1 offsets are read too; their {@code last_seen} was written in the project timezone for
 * projects created before 2023, and is converted to UTC.
 */
record EngageOffset(LocalDateTime lastSeen, RequestLedger querySpent) {

  static final long VERSION = 2;
  static final DateTimeFormatter LAST_SEEN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  static final EngageOffset INITIAL = new EngageOffset(null, RequestLedger.EMPTY);

  EngageOffset {
    Objects.requireNonNull(querySpent, "querySpent is null");
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("version", VERSION);
    if (lastSeen != null) {
      map.put("last_seen", lastSeen.format(LAST_SEEN));
    }
    map.put("query_spent", querySpent.encode());
    return map;
  }

  /**
   * @param legacyZone the project timezone when the project is legacy (version 1 cursors were
   *     written in it), else {@code null}
   */
  static EngageOffset fromMap(Map<String, Object> map, ZoneId legacyZone) {
    if (map == null) {
      return INITIAL;
    }
    Object version = map.get("version");
    long number = version instanceof Number n ? n.longValue() : -1;
    if (number != 1 && number != VERSION) {
      throw new LakeflowException(
          "Cannot resume the engage table from offset "
              + map
              + ": this connector reads offset versions 1 and "
              + VERSION
              + " only; move the table's checkpoint folder aside to start a new one");
    }
    try {
      Object value = map.get("last_seen");
      LocalDateTime lastSeen = value == null ? null : LocalDateTime.parse(value.toString(), LAST_SEEN);
      if (lastSeen != null && number == 1 && legacyZone != null) {
        lastSeen = lastSeen.atZone(legacyZone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return new EngageOffset(lastSeen, RequestLedger.decode(map.get("query_spent")));
    } catch (DateTimeParseException e) {
      throw new LakeflowException("Cannot resume the engage table from malformed offset " + map, e);
    }
  }
}
