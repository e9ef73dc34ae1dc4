package org.mixpanellakeflow.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.mixpanellakeflow.client.JsonNumber;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Writes parsed JSON values back as compact JSON text, exactly: object keys in the order Mixpanel
 * sent them, numbers as the text it sent ({@link JsonNumber}), strings with JSON's escapes. Only
 * insignificant whitespace differs from the bytes received.
 */
final class JsonText {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonText() {}

  static String write(Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String s) {
      generator.writeString(s);
    } else if (value instanceof Boolean b) {
      generator.writeBoolean(b);
    } else if (value instanceof Long || value instanceof Integer) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof JsonNumber n) {
      generator.writeNumber(n.text());
    } else if (value instanceof Double d) {
      generator.writeNumber(d);
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName(String.valueOf(entry.getKey()));
        write(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (Object element : list) {
        write(generator, element);
      }
      generator.writeEndArray();
    } else {
      throw new LakeflowException(
          "Cannot write a " + value.getClass().getSimpleName() + " property value as JSON");
    }
  }
}
