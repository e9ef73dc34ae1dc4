package org.mixpanellakeflow.client;

import java.io.IOException;
import java.util.Map;

/**
 * Turns one line of a raw export into what the caller wants: the parsed {@link ExportedEvent}
 * tree ({@link #EVENTS}), or, for a caller that can do better, its own representation built
 * straight from the bytes (a Spark row, say) without an intermediate tree. The export's line
 * handling stays the client's: blank lines, {@code terminated early}, records split over two
 * lines, and malformed lines under {@link OnMalformedLine}.
 *
 * <p>An implementation must tell the client how a line failed: return {@code null} for a line
 * that is valid JSON but not an event object, and throw Jackson's {@code
 * JsonProcessingException} (its {@code JsonEOFException} for JSON that ends too early) for a line
 * that is not valid JSON. It need not be thread safe; each stream uses its own.
 *
 * @param <T> what a line becomes
 */
@FunctionalInterface
public interface ExportLineDecoder<T> {

  /**
   * @param line the line's bytes in {@code [0, length)}, without the newline; only valid during
   *     the call
   * @param lineNumber 1-based line of the body, for error reports
   */
  T decode(byte[] line, int length, long lineNumber) throws IOException;

  /** The parsed tree of each event; numbers that a {@code Long} cannot hold are {@link JsonNumber}s. */
  ExportLineDecoder<ExportedEvent> EVENTS =
      (line, length, lineNumber) -> {
        Object value = JsonValues.readDocument(line, 0, length);
        if (value instanceof Map<?, ?> event
            && event.get("event") instanceof String name
            && event.get("properties") instanceof Map<?, ?> properties) {
          @SuppressWarnings("unchecked")
          Map<String, Object> typed = (Map<String, Object>) properties;
          return new ExportedEvent(name, typed, lineNumber);
        }
        return null;
      };

  /**
   * The JSON value of a line as plain Java values (maps in the order sent, lists, strings,
   * booleans, {@code Long}s, {@link JsonNumber}s): for a decoder that falls back to the tree for
   * rare lines.
   */
  static Object readTree(byte[] line, int offset, int length) throws IOException {
    return JsonValues.readDocument(line, offset, length);
  }
}
