package org.mixpanellakeflow.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the records of an ingestion request: a JSON array, one JSON object, JSONL, or a {@code
 * data} parameter (form, query string) holding base64 or plain JSON, as SDKs old and new send
 * them. Numbers come out as {@link NumberText}, keeping the text they were sent in.
 */
final class IngestionPayloads {
  private IngestionPayloads() {}

  /** The records; throws {@link IllegalArgumentException} saying what is malformed. */
  static List<Object> events(EmulatorExchange exchange) {
    String text;
    String data = exchange.param("data");
    if (data != null) {
      text = decodeData(data);
    } else {
      text = new String(exchange.body(), StandardCharsets.UTF_8);
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("The request has no records; send a JSON array of events");
    }
    try {
      if (trimmed.startsWith("[")) {
        // a text starting with '[' reads as an array or fails
        @SuppressWarnings("unchecked")
        List<Object> records = (List<Object>) ExactJson.read(trimmed);
        return records;
      }
      return lines(trimmed);
    } catch (IOException e) {
      throw new IllegalArgumentException("The body is not valid JSON or JSONL: " + firstLine(e.getMessage()));
    }
  }

  private static List<Object> lines(String text) throws IOException {
    List<Object> records = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          records.add(ExactJson.read(line));
        }
      }
    }
    return records;
  }

  private static String decodeData(String data) {
    String trimmed = data.strip();
    if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
      return trimmed;
    }
    try {
      // SDKs send standard base64; some URL-safe; form decoding may have turned '+' into ' '
      String normalized = trimmed.replace(' ', '+');
      byte[] bytes = normalized.contains("-") || normalized.contains("_")
          ? Base64.getUrlDecoder().decode(normalized)
          : Base64.getDecoder().decode(normalized);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The data parameter is neither JSON nor base64-encoded JSON");
    }
  }

  private static String firstLine(String message) {
    int newline = message == null ? -1 : message.indexOf('\n');
    return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
  }
}
