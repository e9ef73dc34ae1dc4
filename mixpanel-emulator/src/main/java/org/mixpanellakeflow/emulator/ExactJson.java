package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ingested JSON keeping every number as the text it was sent in ({@link NumberText}), and
 * turns stored values back into what a client parses from the served bytes.
 *
 * <p>Objects become {@code LinkedHashMap}s, arrays {@code ArrayList}s, strings, booleans and
 * nulls themselves. Stateless.
 */
final class ExactJson {
  private static final JsonFactory FACTORY = EmulatorExchange.JSON.getFactory();

  private ExactJson() {}

  /** One JSON value; text after it is ignored, as Jackson's {@code readValue} ignores it. */
  static Object read(String json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonParseException(parser, "No content: expected a JSON value");
      }
      return value(parser, first);
    }
  }

  /**
   * Java values as ingestion sees them: written as JSON, then read back with number texts, so
   * the Java API and HTTP store the same things.
   */
  @SuppressWarnings("unchecked")
  static List<Object> copyOf(List<?> values) {
    try {
      return (List<Object>) read(EmulatorExchange.JSON.writeValueAsString(values));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot convert the values to JSON: " + e.getMessage(), e);
    }
  }

  /**
   * {@code value} as a client parses its served JSON with longs for integers: every {@link
   * NumberText} replaced by {@link NumberText#plain()}; maps and lists holding none come back
   * as they are, the others as unmodifiable copies.
   */
  @SuppressWarnings("unchecked")
  static <T> T plain(T value) {
    if (value instanceof NumberText number) {
      return (T) number.plain();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = null;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Object converted = plain(entry.getValue());
        if (converted != entry.getValue() && copy == null) {
          copy = new LinkedHashMap<>(map);
        }
        if (copy != null) {
          copy.put(entry.getKey(), converted);
        }
      }
      return copy == null ? value : (T) Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = null;
      for (int i = 0; i < list.size(); i++) {
        Object converted = plain(list.get(i));
        if (converted != list.get(i) && copy == null) {
          copy = new ArrayList<>(list);
        }
        if (copy != null) {
          copy.set(i, converted);
        }
      }
      return copy == null ? value : (T) Collections.unmodifiableList(copy);
    }
    return value;
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      throw new JsonParseException(parser, "Unexpected end of input");
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.put(name, value(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        // the parser keeps the token's source text: 1e3 stays 1e3, -1.50 stays -1.50
        return new NumberText(parser.getText());
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new JsonParseException(parser, "Unexpected token " + token);
    }
  }
}
