package org.mixpanellakeflow.connector;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.mixpanellakeflow.client.ExportedEvent;

/**
 * Turns one exported event into a record of the {@code events} schema: {@code $insert_id} lifted
 * to the top, properties split by {@link PropertySplit}, {@code time} in true UTC milliseconds,
 * and the row's key ({@link EventKey}).
 *
 * <p>An event without {@code $insert_id} (Mixpanel generates one at ingestion, so only very old
 * data lacks it) gets one derived from what Mixpanel never changes after ingestion, so a re-read
 * of the same event merges instead of duplicating: its name, time, the distinct id it was sent
 * with, and every property outside Mixpanel's reserved namespaces ({@code $...} and {@code
 * mp_...}, where Mixpanel adds and rewrites properties, identity merge included). Two users'
 * identical events in the same millisecond keep two ids. Derived ids start with {@code mplf-}.
 */
final class EventRecords {

  static final String DERIVED_KEY_PREFIX = "mplf-";

  private static final EventTime UTC = EventTime.forProject(null, ZoneOffset.UTC);

  private EventRecords() {}

  static Map<String, Object> toRecord(ExportedEvent event, long generatedAt) {
    return toRecord(event, generatedAt, UTC);
  }

  static Map<String, Object> toRecord(ExportedEvent event, long generatedAt, EventTime eventTime) {
    return toRecord(event, generatedAt, eventTime, PropertiesFormat.STRUCT);
  }

  /**
   * A record of {@link MixpanelSchemas#events} in {@code format}. The VARIANT is the properties as
   * Mixpanel sent them, {@code $insert_id} and {@code time} included (for legacy projects, {@code
   * time} as exported; the typed {@code time} is true UTC).
   */
  static Map<String, Object> toRecord(
      ExportedEvent event, long generatedAt, EventTime eventTime, PropertiesFormat format) {
    Map<String, Object> properties =
        PropertySplit.split(event.properties(), MixpanelSchemas.EVENT_STANDARD_PROPERTIES, "$insert_id");
    if (eventTime.isLegacy() && properties.get("time") instanceof Long time) {
      properties.put("time", eventTime.toUtcMillis(time));
    }
    String insertId = insertId(event, properties);
    Map<String, Object> record = new HashMap<>(8);
    record.put("event", event.name());
    record.put("$insert_id", insertId);
    if (format.hasStruct()) {
      record.put("properties", properties);
      if (format.hasVariant()) {
        record.put(MixpanelSchemas.EVENT_PROPERTIES_VARIANT, event.properties());
      }
    } else {
      record.put("time", properties.get("time"));
      record.put("properties", event.properties());
    }
    record.put(MixpanelSchemas.GENERATED_TIMESTAMP, generatedAt);
    record.put(EventKey.COLUMN, EventKey.of(event.name(), insertId, properties));
    return record;
  }

  /**
   * Mixpanel's {@code $insert_id}, or one derived from the event.
   *
   * @param properties the event's split properties, with {@code time} in true UTC
   */
  static String insertId(ExportedEvent event, Map<String, Object> properties) {
    Object id = event.properties().get("$insert_id");
    if (id instanceof String s && !s.isEmpty()) {
      return s;
    }
    if (id instanceof Number n) {
      return n.toString();
    }
    StringBuilder identity = new StringBuilder();
    identity.append(event.name()).append('\u0001');
    identity.append(properties.get("time")).append('\u0001');
    identity.append(EventKey.identity(properties)).append('\u0001');
    Map<String, Object> stable = new TreeMap<>();
    event.properties().forEach((key, value) -> {
      if (!isReserved(key)) {
        stable.put(key, value);
      }
    });
    identity.append(JsonText.write(stable));
    return DERIVED_KEY_PREFIX + EventKey.sha256Hex(identity.toString()).substring(0, 31);
  }

  private static boolean isReserved(String key) {
    return key.startsWith("$")
        || key.startsWith("mp_")
        || key.equals("time")
        || key.equals("distinct_id")
        || key.equals("token");
  }
}
