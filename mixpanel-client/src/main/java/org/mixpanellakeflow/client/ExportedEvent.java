package org.mixpanellakeflow.client;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a raw export.
 *
 * @param name the event name ({@code event} in the JSON line)
 * @param properties the event's properties as parsed JSON: String, Boolean, Long, {@link
 *     JsonNumber} (any number a Long cannot hold with its exact text), nested Map and List, and
 *     {@code null} values; {@code time} is in milliseconds because the client
 *     always asks for {@code time_in_ms}
 * @param lineNumber 1-based line of the response body, for error reports
 */
public record ExportedEvent(String name, Map<String, Object> properties, long lineNumber) {

  public ExportedEvent {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(properties, "properties is null");
    if (lineNumber < 1) {
      throw new IllegalArgumentException("lineNumber " + lineNumber + " is not 1-based");
    }
    // wraps rather than copies: JSON null values rule out Map.copyOf, and a copy per event costs
    properties = Collections.unmodifiableMap(properties);
  }
}
