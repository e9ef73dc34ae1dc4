package org.mixpanellakeflow.benchmarks.macro;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * The lines of pre-rendered days that a {@code where} of the connector selects, for the stand-in's
 * filtered responses. Reads each day's text line by line; a day in time order (as the emulator
 * generates them) is left at the first line past the slice. Stateless.
 */
final class SlicedDays {

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final String TIME_FIRST = "\"properties\":{\"time\":";

  private SlicedDays() {}

  /** Writes the selected lines of {@code days} to {@code out}; returns how many. */
  static long write(List<DayBody> days, ExportWhere where, OutputStream out) throws IOException {
    boolean processed = where.processedAfterMs() != Long.MIN_VALUE;
    long events = 0;
    for (DayBody day : days) {
      try (BufferedReader lines = Files.newBufferedReader(day.text(), StandardCharsets.UTF_8)) {
        long previousTime = Long.MIN_VALUE;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          long[] times = times(line, processed);
          if (where.matches(times[0], times[1])) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            events++;
          } else if (times[0] >= where.toMs() && previousTime != Long.MAX_VALUE) {
            break; // in time order so far: nothing later matches
          }
          // one line out of order and the rest of the day is read to the end
          previousTime = times[0] < previousTime ? Long.MAX_VALUE : Math.max(previousTime, times[0]);
        }
      }
    }
    return events;
  }

  /**
   * {@code properties.time} and, when {@code processed}, {@code properties.mp_processing_time_ms}
   * of an export line. The emulator writes {@code time} first in {@code properties}, which is read
   * without a parser; any other line is parsed.
   */
  private static long[] times(String line, boolean processed) throws IOException {
    int start = line.indexOf(TIME_FIRST);
    if (!processed && start >= 0) {
      int digits = start + TIME_FIRST.length();
      int end = digits;
      while (end < line.length() && Character.isDigit(line.charAt(end))) {
        end++;
      }
      if (end > digits && end < line.length() && (line.charAt(end) == ',' || line.charAt(end) == '}')) {
        return new long[] {Long.parseLong(line, digits, end, 10), Long.MIN_VALUE};
      }
    }
    long[] times = {Long.MIN_VALUE, Long.MIN_VALUE};
    try (JsonParser parser = JSON.createParser(line)) {
      int depth = 0;
      boolean inProperties = false;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token.isStructStart()) {
          depth++;
          if (depth == 2) {
            inProperties = "properties".equals(parser.currentName());
          }
        } else if (token.isStructEnd()) {
          depth--;
        } else if (inProperties && depth == 2 && token == JsonToken.VALUE_NUMBER_INT) {
          if ("time".equals(parser.currentName())) {
            times[0] = parser.getLongValue();
          } else if ("mp_processing_time_ms".equals(parser.currentName())) {
            times[1] = parser.getLongValue();
          }
        }
      }
    }
    return times;
  }
}
