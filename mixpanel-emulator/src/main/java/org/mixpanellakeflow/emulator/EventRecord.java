package org.mixpanellakeflow.emulator;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * One stored event: the exact map export serves (time in milliseconds) and its true UTC time,
 * which differs from {@code properties.time} in legacy projects (see {@link EmulatedProject}).
 *
 * @param event {@code {"event": name, "properties": {...}}}, unmodifiable
 * @param utcTimeMs when the event happened, a true UTC epoch
 */
record EventRecord(Map<String, Object> event, long utcTimeMs) {
  EventRecord {
    Objects.requireNonNull(event, "event is null");
  }

  String name() {
    return (String) event.get("event");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> properties() {
    return (Map<String, Object>) event.get("properties");
  }

  String distinctId() {
    Object id = properties().get("distinct_id");
    return id == null ? null : id.toString();
  }

  long processedMs() {
    return ((Number) properties().get("mp_processing_time_ms")).longValue();
  }

  /** The view a {@code where} expression has of this event; {@code $time} is its true instant. */
  WhereExpression.Scope whereScope(ZoneId zone) {
    Map<String, Object> properties = properties();
    return new WhereExpression.Scope() {
      @Override
      public Object property(String name) {
        if (name.equals("$time")) {
          return new WhereValues.DateTime(utcTimeMs);
        }
        return properties.containsKey(name) ? WhereValues.fromData(properties.get(name)) : WhereValues.UNDEFINED;
      }

      @Override
      public ZoneId zone() {
        return zone;
      }
    };
  }
}
