package org.mixpanellakeflow.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  private final long generatedAt;
  private final EventTime eventTime;
  private final String[] names;
  private final boolean[] isLong;
  private final Map<String, Integer> index;
  private final int timeIndex;
  private final int distinctIdIndex;
  private final RecordConverter fallback;

  // per line
  private final Object[] typed;
  private final UTF8String[] untyped;
  private final Map<String, UTF8String> custom = new LinkedHashMap<>();
  private String name;
  private String insertId;
  private boolean eventName;
  private boolean properties;

  EventRowDecoder(long generatedAt, EventTime eventTime) {
    this.generatedAt = generatedAt;
    this.eventTime = eventTime;
    List<Map.Entry<String, DataType>> standard =
        List.copyOf(MixpanelSchemas.EVENT_STANDARD_PROPERTIES.entrySet());
    names = new String[standard.size()];
    isLong = new boolean[standard.size()];
    index = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      names[i] = standard.get(i).getKey();
      isLong[i] = standard.get(i).getValue().equals(DataTypes.LongType);
      index.put(names[i], i);
    }
    timeIndex = index.get(TIME);
    distinctIdIndex = index.get("distinct_id");
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
        readEvent(parser, line);
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
    Arrays.fill(typed, null);
    Arrays.fill(untyped, null);
    custom.clear();
    name = null;
    insertId = null;
    eventName = false;
    properties = false;
  }

  private void readEvent(JsonParser parser, byte[] line) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("event")) {
        eventName = value == JsonToken.VALUE_STRING;
        name = eventName ? parser.getText() : null;
        parser.skipChildren();
      } else if (field.equals("properties")) {
        // a repeated "properties" replaces the earlier one, as in a parsed tree
        Arrays.fill(typed, null);
        Arrays.fill(untyped, null);
        custom.clear();
        insertId = null;
        properties = value == JsonToken.START_OBJECT;
        if (properties) {
          readProperties(parser, line);
        } else {
          parser.skipChildren();
        }
      } else {
        parser.skipChildren();
      }
    }
  }

  private void readProperties(JsonParser parser, byte[] line) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken token = parser.nextToken();
      if (key.equals(INSERT_ID)) {
        insertId = insertId(parser, token);
        parser.skipChildren();
        continue;
      }
      Integer slot = index.get(key);
      if (slot == null) {
        custom.put(key, text(parser, token, line));
        continue;
      }
      Object value = isLong[slot] ? asLong(parser, token) : asString(parser, token);
      typed[slot] = value;
      // a standard property that does not fit its type is kept as text; null is dropped
      untyped[slot] =
          value != null || token == JsonToken.VALUE_NULL ? null : text(parser, token, line);
    }
  }

  /** Mixpanel's id as the record path reads it; {@code null} to derive one. */
  private static String insertId(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getTextLength() == 0 ? null : parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
      default -> null;
    };
  }

  private static Object asString(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
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
      case VALUE_STRING:
        String text = parser.getText();
        try {
          long parsed = Long.parseLong(text);
          return Long.toString(parsed).equals(text) ? parsed : null;
        } catch (NumberFormatException e) {
          return null;
        }
      default:
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
  private static UTF8String text(JsonParser parser, JsonToken token, byte[] line) throws IOException {
    switch (token) {
      case VALUE_NULL:
        return null;
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
      Object value = typed[i];
      if (value instanceof String s) {
        fields[i] = UTF8String.fromString(s);
      } else {
        fields[i] = value;
      }
      if (untyped[i] != null) {
        custom.put(names[i], untyped[i]);
      }
    }
    if (eventTime.isLegacy() && typed[timeIndex] instanceof Long time) {
      typed[timeIndex] = eventTime.toUtcMillis(time);
      fields[timeIndex] = typed[timeIndex];
    }
    UTF8String[] keys = new UTF8String[custom.size()];
    UTF8String[] values = new UTF8String[custom.size()];
    int i = 0;
    for (Map.Entry<String, UTF8String> entry : custom.entrySet()) {
      keys[i] = UTF8String.fromString(entry.getKey());
      values[i] = entry.getValue();
      i++;
    }
    fields[names.length] = new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
    UTF8String before = custom.get(EventKey.BEFORE_IDENTITY);
    Object distinctId = typed[distinctIdIndex];
    UTF8String customDistinctId = custom.get("distinct_id");
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
