package org.mixpanellakeflow.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Splits Mixpanel properties (event {@code properties}, profile {@code $properties}) into typed
 * standard properties and {@code custom_properties}.
 *
 * <p>A standard property whose value does not fit its type (a non-numeric {@code $screen_width},
 * say) is kept, untyped, in {@code custom_properties} rather than dropped or failing the read.
 * Every other property goes to {@code custom_properties}: a string as itself, anything else as
 * its compact JSON text (keys sorted), so {@code 42}, {@code true}, {@code [1,2]} and {@code
 * {"a":1}} read back exactly.
 */
final class PropertySplit {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private PropertySplit() {}

  /**
   * The typed standard properties plus a {@code custom_properties} map of the rest.
   *
   * @param excluded a key carried elsewhere in the record (e.g. {@code $insert_id}), left out
   */
  static Map<String, Object> split(
      Map<String, Object> raw, Map<String, DataType> standard, String excluded) {
    Map<String, Object> properties = new LinkedHashMap<>();
    Map<String, Object> custom = new HashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      if (key.equals(excluded)) {
        continue;
      }
      DataType type = standard.get(key);
      Object typed = type == null ? null : typed(value, type);
      if (typed != null) {
        properties.put(key, typed);
      } else if (value != null || type == null) {
        custom.put(key, asText(value));
      }
    }
    properties.put(MixpanelSchemas.CUSTOM_PROPERTIES, custom);
    return properties;
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
