package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Deep-copies Java values through JSON, so integral numbers become {@code Long} and fractions {@code Double}. */
final class JsonNumbers {
  private JsonNumbers() {}

  static List<Object> normalize(List<?> values) {
    try {
      byte[] json = EmulatorExchange.JSON.writeValueAsBytes(values);
      return EmulatorExchange.JSON.readValue(json, new TypeReference<List<Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot convert the values to JSON: " + e.getMessage(), e);
    }
  }
}
