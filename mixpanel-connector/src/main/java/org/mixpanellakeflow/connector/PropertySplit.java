package org.mixpanellakeflow.connector;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.mixpanellakeflow.client.JsonNumber;

/**
 * Splits Mixpanel properties (event {@code properties}, profile {@code $properties}) into typed
 * standard properties and {@code custom_properties}, losing nothing.
 *
 * <p>A standard property goes to its typed column only when the column holds its value exactly:
 * a BIGINT takes integers (also written as {@code 1e3} or {@code 12.0}) within its range and
 * strings that are the canonical text of one ({@code "42"}, not {@code "042"} or {@code " 42"});
 * a STRING takes strings, and numbers as the text Mixpanel sent. A standard property whose value
 * does not fit (a non-numeric {@code $screen_width}, an integer beyond 64 bits) is kept, as text,
 * in {@code custom_properties} rather than dropped, altered or failing the read. Every other
 * property goes to {@code custom_properties}: a string as itself, anything else as its exact JSON
 * text ({@link JsonText}), so {@code 42}, {@code 1e3}, {@code true}, {@code [1,2]} and {@code
 * {"a":1}} read back as sent.
 */
final class PropertySplit {

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

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

  /** The value as {@code type}, or {@code null} when the column cannot hold it exactly. */
  static Object typed(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    if (type.equals(DataTypes.StringType)) {
      if (value instanceof String) {
        return value;
      }
      return value instanceof Long || value instanceof Integer || value instanceof JsonNumber
          ? value.toString()
          : null;
    }
    if (type.equals(DataTypes.LongType)) {
      if (value instanceof Long || value instanceof Integer) {
        return ((Number) value).longValue();
      }
      if (value instanceof JsonNumber n) {
        return exactLong(n.exact());
      }
      if (value instanceof String s) {
        try {
          long parsed = Long.parseLong(s);
          return Long.toString(parsed).equals(s) ? parsed : null;
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }
    throw new IllegalStateException("no conversion for standard property type " + type);
  }

  private static Long exactLong(BigDecimal value) {
    if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
      return null;
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      return null; // a fraction
    }
  }

  /** A string as itself, anything else as its exact JSON text. */
  static String asText(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    return JsonText.write(value);
  }
}
