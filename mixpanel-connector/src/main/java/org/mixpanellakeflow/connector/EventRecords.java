package org.mixpanellakeflow.connector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mixpanellakeflow.client.ExportedEvent;

/**
 * Turns one exported event into a record of the {@code events} schema: {@code $insert_id} lifted
 * to the top, properties split by {@link PropertySplit}, {@code time} in true UTC milliseconds.
 *
 * <p>An event without {@code $insert_id} (very old data) gets a key derived from its content, so a
 * re-read of the same event merges instead of duplicating; it starts with {@code mplf-}. The
 * derivation leaves out what identity merge may rewrite between two exports ({@code distinct_id}
 * and its companions) and the processing time.
 */
final class EventRecords {

  static final String DERIVED_KEY_PREFIX = "mplf-";

  private static final Set<String> UNSTABLE_PROPERTIES =
      Set.of("distinct_id", "mp_processing_time_ms", "$distinct_id_before_identity", "$is_reshuffled");

  private static final EventTime UTC = EventTime.forProject(null, ZoneOffset.UTC);

  private EventRecords() {}

  static Map<String, Object> toRecord(ExportedEvent event, long generatedAt) {
    return toRecord(event, generatedAt, UTC);
  }

  static Map<String, Object> toRecord(ExportedEvent event, long generatedAt, EventTime eventTime) {
    Map<String, Object> properties =
        PropertySplit.split(event.properties(), MixpanelSchemas.EVENT_STANDARD_PROPERTIES, "$insert_id");
    if (eventTime.isLegacy() && properties.get("time") instanceof Long time) {
      properties.put("time", eventTime.toUtcMillis(time));
    }
    Map<String, Object> record = new HashMap<>(8);
    record.put("event", event.name());
    record.put("$insert_id", insertId(event));
    record.put("properties", properties);
    record.put(MixpanelSchemas.GENERATED_TIMESTAMP, generatedAt);
    return record;
  }

  static String insertId(ExportedEvent event) {
    Object id = event.properties().get("$insert_id");
    if (id instanceof String s && !s.isEmpty()) {
      return s;
    }
    if (id instanceof Number n) {
      return n.toString();
    }
    Map<String, Object> stable = new TreeMap<>(event.properties());
    stable.keySet().removeAll(UNSTABLE_PROPERTIES);
    stable.remove("$insert_id");
    String identity = event.name() + '\u0000' + PropertySplit.asText(stable);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return DERIVED_KEY_PREFIX + HexFormat.of().formatHex(digest).substring(0, 31);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
