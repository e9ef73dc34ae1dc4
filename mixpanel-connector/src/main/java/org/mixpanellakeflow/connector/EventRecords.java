package org.mixpanellakeflow.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.mixpanellakeflow.client.ExportedEvent;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Turns one exported event into a record of the {@code events} schema.
 *
 * <p>Standard properties are typed. A standard property whose value does not fit its type (a
 * non-numeric {@code $screen_width}, say) is kept, untyped, in {@code custom_properties} rather
 * than dropped or failing the window. Every other property goes to {@code custom_properties}: a
 * string as itself, anything else as its compact JSON text, so {@code 42}, {@code true}, {@code
 * [1,2]} and {@code {"a":1}} read back exactly.
 *
 * <p>An event without {@code $insert_id} (very old data) gets a key derived from its content, so a
 * re-read of the same event merges instead of duplicating; it starts with {@code mplf-}.
 */
final class EventRecords {

  static final String DERIVED_KEY_PREFIX = "mplf-";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** Properties that can change for the same event between two exports (identity merge). */
  private static final Set<String> UNSTABLE_PROPERTIES =
      Set.of("distinct_id", "mp_processing_time_ms", "$distinct_id_before_identity", "$is_reshuffled");

  private EventRecords() {}

  static Map<String, Object> toRecord(ExportedEvent event, long generatedAt) {
    Map<String, Object> raw = event.properties();
    Map<String, Object> properties = new LinkedHashMap<>();
    Map<String, Object> custom = new HashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key.equals("$insert_id")) {
        continue;
      }
      DataType type = MixpanelSchemas.EVENT_STANDARD_PROPERTIES.get(key);
      Object typed = type == null ? null : typed(value, type);
      if (typed != null) {
        properties.put(key, typed);
      } else if (value != null || type == null) {
        custom.put(key, asText(value));
      }
    }
    properties.put(MixpanelSchemas.CUSTOM_PROPERTIES, custom);
    Map<String, Object> record = new HashMap<>(4);
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
    String identity = event.name() + '\u0000' + asText(stable);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return DERIVED_KEY_PREFIX + HexFormat.of().formatHex(digest).substring(0, 31);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** The value as {@code type}, or {@code null} when it does not fit losslessly. */
  private static Object typed(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type.equals(DataTypes.StringType)) {
      return value instanceof String ? value : null;
    }
    if (type.equals(DataTypes.LongType)) {
      if (value instanceof Long || value instanceof Integer) {
        return ((Number) value).longValue();
      }
      if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
        return d.longValue();
      }
      if (value instanceof String s) {
        try {
          return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }
    throw new IllegalStateException("no conversion for standard property type " + type);
  }

  static String asText(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new LakeflowException("Cannot write property value as JSON: " + e.getMessage(), e);
    }
  }
}
