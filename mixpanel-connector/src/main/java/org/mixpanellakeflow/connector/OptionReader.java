package org.mixpanellakeflow.connector;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Reads option values by key (case-insensitive, blank = absent) and turns bad ones into the
 * house error: {@code Invalid value for option 'key': 'value' (expected ...)}.
 */
final class OptionReader {

  private final Map<String, String> options;

  OptionReader(Map<String, String> options) {
    this.options = options;
  }

  String string(String key) {
    String v = options.get(key);
    if (v == null) {
      for (Map.Entry<String, String> e : options.entrySet()) {
        if (e.getKey().equalsIgnoreCase(key)) {
          v = e.getValue();
          break;
        }
      }
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  String string(String key, String fallback) {
    String v = string(key);
    return v == null ? fallback : v;
  }

  /** A whole number at least {@code min}, or {@code fallback} when absent. */
  long number(String key, long fallback, long min, String expected) {
    String raw = string(key);
    if (raw == null) {
      return fallback;
    }
    try {
      long v = Long.parseLong(raw);
      if (v < min) {
        throw invalid(key, raw, expected);
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(key, raw, expected);
    }
  }

  boolean flag(String key, boolean fallback) {
    String raw = string(key);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, raw, "true or false");
    };
  }

  LocalDate date(String key) {
    String raw = string(key);
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw invalid(key, raw, "a date as yyyy-MM-dd");
    }
  }

  static LakeflowException invalid(String key, String raw, String expected) {
    return new LakeflowException(
        "Invalid value for option '" + key + "': '" + raw + "' (expected " + expected + ")");
  }
}
