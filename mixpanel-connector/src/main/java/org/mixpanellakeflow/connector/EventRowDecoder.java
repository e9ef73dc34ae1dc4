package org.mixpanellakeflow.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.mixpanellakeflow.client.ExportLineDecoder;
import org.mixpanellakeflow.client.ExportedEvent;
import org.mixpanellakeflow.connect.spark.RecordConverter;

/**
 * Decodes an export line straight into an {@code events} row, in one pass over its bytes and
 * without a tree per event: the fast path of the Spark source ({@link
 * org.mixpanellakeflow.connect.SupportsRowReads}).
 *
 * <p>It gives every event the values the record path ({@link EventRecords} then the source's
 * conversion) gives, by the same rules ({@link PropertySplit}): a standard property in its typed
 * field only when the field holds it exactly, every other property in {@code custom_properties}
 * as a string or its JSON text, the last of repeated keys winning. Numbers are the text Mixpanel
 * sent; nested objects and lists are the bytes Mixpanel sent (the record path writes them compact,
 * which is the same for Mixpanel's compact lines). An event without {@code $insert_id} (rare: very
 * old data) goes through the record path, which derives one. Not thread safe; one per stream.
 */
final class EventRowDecoder implements ExportLineDecoder<InternalRow> {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final String INSERT_ID = "$insert_id";
  private static final String TIME = "time";
  private static final UTF8String BEFORE_IDENTITY = UTF8String.fromString(EventKey.BEFORE_IDENTITY);
  private static final UTF8String DISTINCT_ID = UTF8String.fromString("distinct_id");

  private final long generatedAt;
  private final EventTime eventTime;
  private final String[] names;
  private final boolean[] isLong;
  private final int timeIndex;
  private final int distinctIdIndex;
  private final RecordConverter fallback;
  /** Every property name seen, with its UTF-8 form and where it goes: names repeat across lines. */
  private final Map<String, Key> keys = new HashMap<>();

  // per line
  private long lineCount;
  private final Object[] typed;
  private final UTF8String[] untyped;
  private Key[] customKeys = new Key[64];
  private UTF8String[] customValues = new UTF8String[64];
  private int customCount;
  private String name;
  private String insertId;
  private boolean eventName;
  private boolean properties;

  /** A property name: its standard field or -1, and where it was last put in this line. */
  private static final class Key {
    final UTF8String utf8;
    final int standard;
    long line = -1;
    int position;

    Key(String name, int standard) {
      this.utf8 = UTF8String.fromString(name);
      this.standard = standard;
    }
  }

  EventRowDecoder(long generatedAt, EventTime eventTime) {
    this.generatedAt = generatedAt;
    this.eventTime = eventTime;
    List<Map.Entry<String, DataType>> standard =
        List.copyOf(MixpanelSchemas.EVENT_STANDARD_PROPERTIES.entrySet());
    names = new String[standard.size()];
    isLong = new boolean[standard.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = standard.get(i).getKey();
      isLong[i] = standard.get(i).getValue().equals(DataTypes.LongType);
      keys.put(names[i], new Key(names[i], i));
    }
    timeIndex = keys.get(TIME).standard;
    distinctIdIndex = keys.get("distinct_id").standard;
    typed = new Object[names.length];
    untyped = new UTF8String[names.length];
    fallback = new RecordConverter(MixpanelConnector.EVENTS, MixpanelSchemas.EVENTS);
  }

  @Override
  public InternalRow decode(byte[] line, int length, long lineNumber) throws IOException {
    reset();
    try (JsonParser parser = FACTORY.createParser(line, 0, length)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonParseException(parser, "no JSON value");
      }
      boolean object = first == JsonToken.START_OBJECT;
      if (object) {
        readEvent(parser, line, length);
      } else {
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "trailing content after the JSON value");
      }
      if (!object || !eventName || !properties) {
        return null;
      }
    }
    if (insertId == null) {
      ExportedEvent event = ExportLineDecoder.EVENTS.decode(line, length, lineNumber);
      return fallback.convert(EventRecords.toRecord(event, generatedAt, eventTime));
    }
    return row();
  }

  private void reset() {
    lineCount++;
    Arrays.fill(typed, null);
    Arrays.fill(untyped, null);
    customCount = 0;
    name = null;
    insertId = null;
    eventName = false;
    properties = false;
  }

  private void readEvent(JsonParser parser, byte[] line, int length) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("event")) {
        eventName = value == JsonToken.VALUE_STRING;
        name = eventName ? parser.getText() : null;
        parser.skipChildren();
      } else if (field.equals("properties")) {
        // a repeated "properties" replaces the earlier one, as in a parsed tree
        lineCount++;
        Arrays.fill(typed, null);
        Arrays.fill(untyped, null);
        customCount = 0;
        insertId = null;
        properties = value == JsonToken.START_OBJECT;
        if (properties) {
          readProperties(parser, line, length);
        } else {
          parser.skipChildren();
        }
      } else {
        parser.skipChildren();
      }
    }
  }

  private void readProperties(JsonParser parser, byte[] line, int length) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      if (field.equals(INSERT_ID)) {
        insertId = insertId(parser, token);
        parser.skipChildren();
        continue;
      }
      Key key = keys.computeIfAbsent(field, n -> new Key(n, -1));
      int slot = key.standard;
      if (slot < 0) {
        putCustom(key, text(parser, token, line, length));
        continue;
      }
      if (isLong[slot] && token == JsonToken.VALUE_STRING) {
        // read once: the parser cannot go back to the string's bytes after getText()
        String text = parser.getText();
        Long value = canonicalLong(text);
        typed[slot] = value;
        untyped[slot] = value == null ? UTF8String.fromString(text) : null;
        continue;
      }
      Object value = isLong[slot] ? asLong(parser, token) : asString(parser, token, line, length);
      typed[slot] = value;
      // a standard property that does not fit its type is kept as text; null is dropped
      untyped[slot] =
          value != null || token == JsonToken.VALUE_NULL ? null : text(parser, token, line, length);
    }
  }

  /** Adds or, for a name repeated in the line, replaces (the last one wins, as in a tree). */
  private void putCustom(Key key, UTF8String value) {
    if (key.line == lineCount) {
      customValues[key.position] = value;
      return;
    }
    if (customCount == customKeys.length) {
      customKeys = Arrays.copyOf(customKeys, customCount * 2);
      customValues = Arrays.copyOf(customValues, customCount * 2);
    }
    key.line = lineCount;
    key.position = customCount;
    customKeys[customCount] = key;
    customValues[customCount] = value;
    customCount++;
  }

  /**
   * A string value as UTF-8 straight from the line when it has no escapes and is valid UTF-8 (the
   * common case: no decoding to chars and back), else through the parser, which decodes escapes
   * and rejects invalid UTF-8 as the record path does.
   */
  private static UTF8String string(JsonParser parser, byte[] line, int length) throws IOException {
    int start = (int) parser.currentLocation().getByteOffset();
    int i = start;
    while (i < length) {
      int b = line[i];
      if (b == '"') {
        return UTF8String.fromBytes(Arrays.copyOfRange(line, start, i));
      }
      if (b >= 0x20 && b != '\\') {
        i++;
      } else if (b < 0) {
        int next = utf8Sequence(line, i, length);
        if (next < 0) {
          break;
        }
        i = next;
      } else {
        break; // an escape, or a control character the parser rejects
      }
    }
    return UTF8String.fromString(parser.getText());
  }

  /** The index after the valid UTF-8 sequence starting at {@code i}, or -1 if it is not one. */
  private static int utf8Sequence(byte[] line, int i, int length) {
    int lead = line[i] & 0xff;
    int extra;
    int min = 0x80;
    int max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      extra = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      extra = 2;
      min = lead == 0xe0 ? 0xa0 : 0x80;
      max = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      extra = 3;
      min = lead == 0xf0 ? 0x90 : 0x80;
      max = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
      return -1;
    }
    if (i + extra >= length) {
      return -1;
    }
    int second = line[i + 1] & 0xff;
    if (second < min || second > max) {
      return -1;
    }
    for (int k = 2; k <= extra; k++) {
      int continuation = line[i + k] & 0xff;
      if (continuation < 0x80 || continuation > 0xbf) {
        return -1;
      }
    }
    return i + extra + 1;
  }

  /** Mixpanel's id as the record path reads it; {@code null} to derive one. */
  private static String insertId(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getTextLength() == 0 ? null : parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
      default -> null;
    };
  }

  private static UTF8String asString(JsonParser parser, JsonToken token, byte[] line, int length)
      throws IOException {
    return switch (token) {
      case VALUE_STRING -> string(parser, line, length);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> UTF8String.fromString(parser.getText());
      default -> null;
    };
  }

  private static Long asLong(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_NUMBER_INT:
        if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return parser.getLongValue();
        }
        return exactLong(new BigDecimal(parser.getText()));
      case VALUE_NUMBER_FLOAT:
        return exactLong(new BigDecimal(parser.getText()));
      default:
        return null;
    }
  }

  /** The number a string is the canonical text of, or {@code null}. */
  private static Long canonicalLong(String text) {
    try {
      long parsed = Long.parseLong(text);
      return Long.toString(parsed).equals(text) ? parsed : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long exactLong(BigDecimal value) {
    if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
      return null;
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** The value as {@code custom_properties} holds it: a string itself, anything else its JSON text. */
  private static UTF8String text(JsonParser parser, JsonToken token, byte[] line, int length)
      throws IOException {
    switch (token) {
      case VALUE_NULL:
        return null;
      case VALUE_STRING:
        return string(parser, line, length);
      case START_OBJECT:
      case START_ARRAY:
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        return UTF8String.fromBytes(Arrays.copyOfRange(line, start, end));
      default:
        return UTF8String.fromString(parser.getText());
    }
  }

  private InternalRow row() {
    Object[] fields = new Object[names.length + 1];
    for (int i = 0; i < names.length; i++) {
      fields[i] = typed[i];
      if (untyped[i] != null) {
        putCustom(keys.get(names[i]), untyped[i]);
      }
    }
    if (eventTime.isLegacy() && typed[timeIndex] instanceof Long time) {
      typed[timeIndex] = eventTime.toUtcMillis(time);
      fields[timeIndex] = typed[timeIndex];
    }
    UTF8String[] mapKeys = new UTF8String[customCount];
    UTF8String before = null;
    UTF8String customDistinctId = null;
    for (int i = 0; i < customCount; i++) {
      mapKeys[i] = customKeys[i].utf8;
      if (mapKeys[i].equals(BEFORE_IDENTITY)) {
        before = customValues[i];
      } else if (mapKeys[i].equals(DISTINCT_ID)) {
        customDistinctId = customValues[i];
      }
    }
    UTF8String[] mapValues = Arrays.copyOf(customValues, customCount);
    fields[names.length] =
        new ArrayBasedMapData(new GenericArrayData(mapKeys), new GenericArrayData(mapValues));
    Object distinctId = typed[distinctIdIndex];
    Object identity =
        before != null ? before : distinctId != null ? distinctId : customDistinctId;
    String key = EventKey.of(name, typed[timeIndex], insertId, identity);
    return new GenericInternalRow(
        new Object[] {
          UTF8String.fromString(name),
          UTF8String.fromString(insertId),
          new GenericInternalRow(fields),
          generatedAt,
          UTF8String.fromString(key)
        });
  }
}
