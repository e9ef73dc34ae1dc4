package org.mixpanellakeflow.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON form of offsets and partition descriptors: flat maps of strings, longs, doubles and
 * booleans. Integral numbers always come back as {@code Long} and keys are sorted, so that {@code
 * fromJson(toJson(m)).equals(m)} for any valid map and equal maps serialize to equal strings.
 */
public final class Offsets {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Offsets() {}

  public static String toJson(Map<String, Object> offset) {
    if (offset == null) {
      return "null";
    }
    ObjectNode node = MAPPER.createObjectNode();
    for (Map.Entry<String, Object> e : new TreeMap<>(offset).entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        node.putNull(e.getKey());
      } else if (v instanceof String s) {
        node.put(e.getKey(), s);
      } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
        node.put(e.getKey(), ((Number) v).longValue());
      } else if (v instanceof Double || v instanceof Float) {
        node.put(e.getKey(), ((Number) v).doubleValue());
      } else if (v instanceof Boolean b) {
        node.put(e.getKey(), b);
      } else {
        throw new LakeflowException(
            "Offset field '"
                + e.getKey()
                + "' has a "
                + v.getClass().getSimpleName()
                + " value; offsets hold only strings, numbers and booleans");
      }
    }
    return node.toString();
  }

  /** Parses an offset; {@code null}, blank or the literal {@code null} give {@code null}. */
  public static Map<String, Object> fromJson(String json) {
    if (json == null || json.isBlank() || json.strip().equals("null")) {
      return null;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new LakeflowException("Cannot parse offset: not valid JSON: " + json, e);
    }
    if (!node.isObject()) {
      throw new LakeflowException("Cannot parse offset: expected a JSON object but got: " + json);
    }
    Map<String, Object> result = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      Object value;
      if (v.isNull()) {
        value = null;
      } else if (v.isTextual()) {
        value = v.textValue();
      } else if (v.isIntegralNumber()) {
        value = v.longValue();
      } else if (v.isNumber()) {
        value = v.doubleValue();
      } else if (v.isBoolean()) {
        value = v.booleanValue();
      } else {
        throw new LakeflowException(
            "Cannot parse offset: field '" + f.getKey() + "' is not a primitive in: " + json);
      }
      result.put(f.getKey(), value);
    }
    return Collections.unmodifiableMap(result);
  }
}
