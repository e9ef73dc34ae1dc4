package org.mixpanellakeflow.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Validates ingested events as Mixpanel's {@code /import} does and turns them into stored events.
 *
 * <p>An event needs a non-empty name, a {@code time} in seconds or milliseconds (from 1971-01-01
 * to at most an hour ahead; times ahead of now are stored as now), a {@code distinct_id} (may be
 * empty, not a placeholder such as {@code null}; derived from {@code $user_id} or {@code
 * $device_id} when absent) and an {@code $insert_id} of at most 36 letters, digits and dashes
 * (generated when absent, unless strict). The stored copy drops {@code token} and gains the
 * server properties, {@code mp_processing_time_ms} = now among them. Duplicates are kept. Other
 * properties are stored as sent, numbers as their JSON text ({@link NumberText}).
 */
final class EventIngestion {
  static final int MAX_BATCH = 2_000;
  static final int MAX_PROPERTIES = 255;
  private static final long EARLIEST_MS = Instant.parse("1971-01-01T00:00:00Z").toEpochMilli();
  private static final long HOUR_MS = 3_600_000;
  private static final long TRACK_WINDOW_MS = 5 * 24 * HOUR_MS;
  private static final Pattern INSERT_ID = Pattern.compile("[A-Za-z0-9-]{1,36}");
  private static final Set<String> PLACEHOLDER_IDS = Set.of(
      "anon", "anonymous", "nil", "none", "null", "n/a", "undefined", "00000000-0000-0000-0000-000000000000");

  /** One rejected event, in the shape of Mixpanel's {@code failed_records}. */
  record Failure(int index, String insertId, String field, String message) {
    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("index", index);
      json.put("insert_id", insertId == null ? "" : insertId);
      json.put("field", field);
      json.put("message", message);
      return json;
    }
  }

  /** The accepted events (with the day each belongs to) and the failures, in input order. */
  record Outcome(List<EventRecord> accepted, List<LocalDate> days, List<Failure> failures) {}

  /** Which API the events came through: it decides the server properties and the strictness. */
  enum Source {
    /** {@code /import?strict=1}: {@code $insert_id} required. */
    STRICT_IMPORT,
    /** {@code /import?strict=0}: invalid events are dropped silently. */
    IMPORT,
    /** {@code /track}: no {@code $import} flag. */
    TRACK
  }

  private static final AtomicLong GENERATED_IDS = new AtomicLong();

  private EventIngestion() {}

  static Outcome validate(EmulatedProject project, List<?> events, long nowMs, Source source) {
    List<EventRecord> accepted = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Object raw = events.get(i);
      try {
        EventRecord record = accept(project, raw, nowMs, source);
        accepted.add(record);
        days.add(LocalDate.ofInstant(Instant.ofEpochMilli(record.utcTimeMs()), project.dayZone()));
      } catch (Rejected rejected) {
        failures.add(new Failure(i, insertIdOf(raw), rejected.field, rejected.getMessage()));
      }
    }
    return new Outcome(accepted, days, failures);
  }

  /** Stores accepted events and records the identity merges they carry; effective at {@code nowMs}. */
  static void store(EmulatedProject project, Outcome outcome, long nowMs) {
    Map<LocalDate, List<EventRecord>> byDay = new LinkedHashMap<>();
    for (int i = 0; i < outcome.accepted().size(); i++) {
      EventRecord record = outcome.accepted().get(i);
      byDay.computeIfAbsent(outcome.days().get(i), day -> new ArrayList<>()).add(record);
      mergeIdentities(project, record, nowMs);
    }
    byDay.forEach((day, records) -> project.data().imported().add(day, records));
  }

  /**
   * Simplified ID Merge: an event with both {@code $device_id} and {@code $user_id} joins the
   * device's anonymous id to the user; {@code $identify} joins {@code $anon_id} to {@code
   * $identified_id}. Past events of the anonymous id are then served under the user's id.
   */
  private static void mergeIdentities(EmulatedProject project, EventRecord record, long nowMs) {
    Map<String, Object> properties = record.properties();
    if (properties.get("$device_id") instanceof String device && properties.get("$user_id") instanceof String user
        && !user.isEmpty()) {
      project.data().identities().merge("$device:" + device, user, nowMs);
    }
    if ("$identify".equals(record.name()) && properties.get("$anon_id") instanceof String anon
        && properties.get("$identified_id") instanceof String identified) {
      project.data().identities().merge(anon, identified, nowMs);
    }
  }

  @SuppressWarnings("unchecked")
  private static EventRecord accept(EmulatedProject project, Object raw, long nowMs, Source source) {
    if (!(raw instanceof Map<?, ?> event)) {
      throw new Rejected("event", "the record is not a JSON object with 'event' and 'properties'");
    }
    if (!(event.get("event") instanceof String name) || name.isBlank()) {
      throw new Rejected("event", "'event' is invalid: must be a non-empty string");
    }
    if (!(event.get("properties") instanceof Map<?, ?> given)) {
      throw new Rejected("properties", "'properties' is invalid: must be a JSON object");
    }
    Map<String, Object> input = (Map<String, Object>) given;
    if (input.size() > MAX_PROPERTIES) {
      throw new Rejected("properties", "'properties' is invalid: more than " + MAX_PROPERTIES + " properties");
    }
    long utcMs = source == Source.TRACK ? trackTime(input.get("time"), nowMs) : time(input.get("time"), nowMs);
    String distinctId = distinctId(input);
    String insertId = insertId(input.get("$insert_id"), project, source == Source.STRICT_IMPORT);

    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("time", project.storedTime(utcMs));
    properties.put("distinct_id", distinctId);
    properties.put("$insert_id", insertId);
    for (Map.Entry<String, Object> entry : input.entrySet()) {
      String key = entry.getKey();
      if (!key.equals("token") && !key.equals("time") && !key.equals("distinct_id") && !key.equals("$insert_id")) {
        properties.put(key, entry.getValue());
      }
    }
    properties.put("$mp_api_endpoint", project.region().ingestionHost());
    properties.put("$mp_api_timestamp_ms", nowMs);
    properties.put("mp_processing_time_ms", nowMs);
    if (source != Source.TRACK) {
      properties.put("$import", true);
    }
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("event", name);
    stored.put("properties", Collections.unmodifiableMap(properties));
    return new EventRecord(Collections.unmodifiableMap(stored), utcMs);
  }

  private static long time(Object raw, long nowMs) {
    if (!(raw instanceof Number number)) {
      throw new Rejected("properties.time", "'properties.time' is invalid: must be specified as seconds since epoch");
    }
    double value = number.doubleValue();
    // below 1e11 the number can only be seconds (1e11 seconds is the year 5138)
    long ms = value < 1e11 ? Math.round(value * 1000) : Math.round(value);
    if (ms < EARLIEST_MS) {
      throw new Rejected("properties.time", "'properties.time' is invalid: must be after 1971-01-01");
    }
    if (ms > nowMs + HOUR_MS) {
      throw new Rejected("properties.time", "'properties.time' is invalid: must not be more than 1 hour in the future");
    }
    return Math.min(ms, nowMs);
  }

  /** {@code /track}: the time may be absent (now) and must be within the last five days. */
  private static long trackTime(Object raw, long nowMs) {
    if (raw == null) {
      return nowMs;
    }
    long ms = time(raw, nowMs);
    if (ms < nowMs - TRACK_WINDOW_MS) {
      throw new Rejected("properties.time",
          "'properties.time' is invalid: /track accepts events of the last 5 days; send older ones to /import");
    }
    return ms;
  }

  private static String distinctId(Map<String, Object> properties) {
    Object raw = properties.get("distinct_id");
    if (raw == null) {
      if (properties.get("$user_id") instanceof String user && !user.isEmpty()) {
        return user;
      }
      if (properties.get("$device_id") instanceof String device && !device.isEmpty()) {
        return "$device:" + device;
      }
      throw new Rejected("properties.distinct_id",
          "'properties.distinct_id' is required; use \"\" for events that belong to no user");
    }
    if (!(raw instanceof String) && !(raw instanceof Number)) {
      throw new Rejected("properties.distinct_id", "'properties.distinct_id' is invalid: must be a string");
    }
    // Mixpanel documents distinct_id as a string and calls a stored numeric one a serialization
    // side effect, so a number is kept as the string of the digits it was sent with
    String id = raw.toString();
    if (id.length() > 255) {
      throw new Rejected("properties.distinct_id", "'properties.distinct_id' is invalid: longer than 255 characters");
    }
    if (PLACEHOLDER_IDS.contains(id.trim().toLowerCase(Locale.ROOT))) {
      throw new Rejected("properties.distinct_id",
          "'properties.distinct_id' is invalid: '" + id + "' is a placeholder, not a user id");
    }
    return id;
  }

  private static String insertId(Object raw, EmulatedProject project, boolean strict) {
    if (raw == null) {
      if (strict) {
        throw new Rejected("properties.$insert_id", "'properties.$insert_id' is required in strict mode");
      }
      // Mixpanel generates one, which no retry can reproduce: such events never deduplicate
      long sequence = GENERATED_IDS.incrementAndGet();
      return "gen-" + Long.toHexString(Seeds.random(project.projectId(), project.seed(), sequence, 0).nextLong());
    }
    if (!(raw instanceof String id) || !INSERT_ID.matcher(id).matches()) {
      throw new Rejected("properties.$insert_id",
          "'properties.$insert_id' is invalid: use 1 to 36 letters, digits or '-'");
    }
    return id;
  }

  private static String insertIdOf(Object raw) {
    if (raw instanceof Map<?, ?> event && event.get("properties") instanceof Map<?, ?> properties) {
      Object id = properties.get("$insert_id");
      return id == null ? null : Objects.toString(id);
    }
    return null;
  }

  /** A record refused, with the field Mixpanel's {@code failed_records} names. */
  private static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    Rejected(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }
}
