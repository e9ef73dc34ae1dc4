package org.mixpanellakeflow.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
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
 * old data) goes through the record path, which derives one.
 *
 * <p>Two parsers fill one {@link EventRowBuilder}: {@link EventLineScanner} reads the lines
 * Mixpanel writes, and Jackson reads whatever the scanner leaves to it (anything malformed, so
 * errors are Jackson's, and a few rare shapes). Both say where the properties object lies, so a
 * {@link PropertiesFormat} with a VARIANT builds it from the same bytes either way. Not thread
 * safe; one per stream.
 */
final class EventRowDecoder implements ExportLineDecoder<InternalRow> {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final long generatedAt;
  private final EventTime eventTime;
  private final PropertiesFormat format;
  private final EventRowBuilder row;
  private final EventLineScanner scanner;
  private final RecordConverter fallback;

  // per line, on the Jackson path
  private boolean eventName;
  private boolean properties;

  EventRowDecoder(long generatedAt, EventTime eventTime) {
    this(generatedAt, eventTime, PropertiesFormat.STRUCT);
  }

  EventRowDecoder(long generatedAt, EventTime eventTime, PropertiesFormat format) {
    this(generatedAt, eventTime, format, true);
  }

  /** @param scan false to read every line with Jackson (for tests comparing the two) */
  EventRowDecoder(long generatedAt, EventTime eventTime, PropertiesFormat format, boolean scan) {
    this.generatedAt = generatedAt;
    this.eventTime = eventTime;
    this.format = format;
    row = new EventRowBuilder(generatedAt, eventTime, format);
    scanner = scan ? new EventLineScanner(row) : null;
    fallback = new RecordConverter(MixpanelConnector.EVENTS, MixpanelSchemas.events(format));
  }

  @Override
  public InternalRow decode(byte[] line, int length, long lineNumber) throws IOException {
    if (scanner != null && scanner.scan(line, length)) {
      return row.row();
    }
    row.startLine();
    eventName = false;
    properties = false;
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
    if (!row.hasInsertId()) {
      ExportedEvent event = ExportLineDecoder.EVENTS.decode(line, length, lineNumber);
      return fallback.convert(EventRecords.toRecord(event, generatedAt, eventTime, format));
    }
    return row.row();
  }

  private void readEvent(JsonParser parser, byte[] line, int length) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("event")) {
        eventName = value == JsonToken.VALUE_STRING;
        row.name(eventName ? UTF8String.fromString(parser.getText()) : null);
        parser.skipChildren();
      } else if (field.equals("properties")) {
        // a repeated "properties" replaces the earlier one, as in a parsed tree
        row.startProperties();
        properties = value == JsonToken.START_OBJECT;
        if (properties) {
          int start = format.hasVariant() ? (int) parser.currentTokenLocation().getByteOffset() : 0;
          readProperties(parser, line, length);
          if (format.hasVariant()) {
            row.propertiesAt(line, start, (int) parser.currentLocation().getByteOffset());
          }
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
      EventRowBuilder.Key key = row.key(parser.currentName());
      JsonToken token = parser.nextToken();
      int slot = key.standard;
      if (slot == EventRowBuilder.INSERT_ID) {
        row.insertId(insertId(parser, token));
        parser.skipChildren();
      } else if (slot < 0) {
        row.custom(key, text(parser, token, line, length));
      } else if (row.isLong(slot) && token == JsonToken.VALUE_STRING) {
        // read once: the parser cannot go back to the string's bytes after getText()
        String text = parser.getText();
        Long value = EventLineScanner.canonicalLong(text);
        row.standard(slot, value, value == null ? UTF8String.fromString(text) : null);
      } else {
        Object value = row.isLong(slot) ? asLong(parser, token) : asString(parser, token, line, length);
        // a standard property that does not fit its type is kept as text; null is dropped
        row.standard(slot, value,
            value != null || token == JsonToken.VALUE_NULL ? null : text(parser, token, line, length));
      }
    }
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
        int next = EventLineScanner.utf8Sequence(line, i, length);
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

  /** Mixpanel's id as the record path reads it; {@code null} to derive one. */
  private static UTF8String insertId(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> parser.getTextLength() == 0 ? null : UTF8String.fromString(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> UTF8String.fromString(parser.getText());
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
        return EventLineScanner.exactLong(parser.getText());
      case VALUE_NUMBER_FLOAT:
        return EventLineScanner.exactLong(parser.getText());
      default:
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
}
