package org.mixpanellakeflow.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JSON into plain Java values with Jackson's streaming parser: objects become {@link
 * LinkedHashMap} (in the order sent), arrays {@link ArrayList}, integers that fit {@link Long},
 * every other number a {@link JsonNumber} holding its exact text, so nothing Mixpanel sent is
 * rounded or reprinted.
 * Databind is avoided on purpose: this module must run against whatever Jackson the cluster ships,
 * and the streaming API is the stable part of it.
 */
final class JsonValues {

  static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonValues() {}

  /** Reads the value at the parser's current token, leaving the parser on its last token. */
  static Object read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new JsonParseException(parser, "no JSON value");
    }
    return switch (token) {
      case START_OBJECT -> readObject(parser);
      case START_ARRAY -> readArray(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> integer(parser);
      case VALUE_NUMBER_FLOAT -> new JsonNumber(parser.getText());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "unexpected token " + token);
    };
  }

  /** Reads one complete JSON document from {@code bytes[offset, offset+length)}. */
  static Object readDocument(byte[] bytes, int offset, int length) throws IOException {
    try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
      parser.nextToken();
      Object value = read(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "trailing content after the JSON value");
      }
      return value;
    }
  }

  private static Map<String, Object> readObject(JsonParser parser) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      map.put(name, read(parser));
    }
    return map;
  }

  private static List<Object> readArray(JsonParser parser) throws IOException {
    List<Object> list = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() == null) {
        throw new JsonParseException(parser, "unterminated array");
      }
      list.add(read(parser));
    }
    return list;
  }

  private static Object integer(JsonParser parser) throws IOException {
    JsonParser.NumberType type = parser.getNumberType();
    if (type == JsonParser.NumberType.BIG_INTEGER) {
      return new JsonNumber(parser.getText());
    }
    long value = parser.getLongValue();
    // "-0" is a valid JSON integer whose text a Long would not give back
    return value == 0 && parser.getTextLength() != 1 ? new JsonNumber(parser.getText()) : value;
  }

  /** JSON array of strings, e.g. for the {@code event} and {@code output_properties} params. */
  static String stringArray(List<String> values) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      generator.writeStartArray();
      for (String value : values) {
        generator.writeString(value);
      }
      generator.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /** The JSON object {@code {"id": <id>}} that {@code filter_by_cohort} expects. */
  static String cohortFilter(long cohortId) {
    return "{\"id\":" + cohortId + "}";
  }
}
