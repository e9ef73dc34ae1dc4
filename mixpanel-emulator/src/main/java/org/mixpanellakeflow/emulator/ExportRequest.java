package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The validated parameters of one raw-export request.
 *
 * @param from first day, inclusive, in the project's day zone
 * @param to last day, inclusive
 * @param precision unit of {@code properties.time}
 * @param eventNames names to keep; empty keeps every event
 * @param limit most events to serve; {@link Long#MAX_VALUE} when not limited
 * @param where the segmentation expression events must match, or null
 */
record ExportRequest(
    LocalDate from, LocalDate to, TimePrecision precision, Set<String> eventNames, long limit, WhereExpression where) {
  static final int MAX_LIMIT = 100_000;
  static final String TO_DATE_AFTER_TODAY = "to_date cannot be later than today";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd");

  enum TimePrecision {
    SECONDS,
    MILLISECONDS
  }

  ExportRequest {
    Objects.requireNonNull(from, "from is null");
    Objects.requireNonNull(to, "to is null");
    Objects.requireNonNull(precision, "precision is null");
    eventNames = Set.copyOf(Objects.requireNonNull(eventNames, "eventNames is null"));
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
  }

  /** Validates in Mixpanel's order of concern: presence, syntax, range, then "today". */
  static ExportRequest parse(EmulatorExchange exchange, EmulatedProject project, Instant now) {
    LocalDate from = day(exchange, "from_date");
    LocalDate to = day(exchange, "to_date");
    if (from.isAfter(to)) {
      throw ApiException.badRequest(
          "from_date " + from + " is after to_date " + to + "; both are inclusive, so swap them");
    }
    // "today" is the day in the same zone the dates are cut in
    LocalDate today = LocalDate.ofInstant(now, project.dayZone());
    if (to.isAfter(today)) {
      throw ApiException.badRequest(TO_DATE_AFTER_TODAY);
    }
    return new ExportRequest(
        from, to, precision(exchange), eventNames(exchange), limit(exchange), where(exchange.param("where")));
  }

  private static LocalDate day(EmulatorExchange exchange, String name) {
    String raw = exchange.param(name);
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest(name + " is required: pass a day as yyyy-mm-dd");
    }
    LocalDate day;
    try {
      day = LocalDate.parse(raw.trim(), DAY);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("Error in " + name + ": invalid date '" + raw + "'; expected yyyy-mm-dd");
    }
    if (day.getYear() < 2000) {
      throw ApiException.badRequest("Error in " + name + ": invalid date, bad year");
    }
    return day;
  }

  /** Parses a {@code where} parameter; a blank one filters nothing. */
  static WhereExpression where(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return WhereExpression.parse(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static TimePrecision precision(EmulatorExchange exchange) {
    String raw = exchange.param("time_in_ms");
    if (raw == null || raw.equalsIgnoreCase("false") || raw.equals("0")) {
      return TimePrecision.SECONDS;
    }
    if (raw.equalsIgnoreCase("true") || raw.equals("1")) {
      return TimePrecision.MILLISECONDS;
    }
    throw ApiException.badRequest("Invalid time_in_ms '" + raw + "': expected true or false");
  }

  private static Set<String> eventNames(EmulatorExchange exchange) {
    String raw = exchange.param("event");
    if (raw == null) {
      return Set.of();
    }
    String problem = "Invalid event '" + raw + "': expected a JSON array of event names, e.g. [\"Sign Up\"]";
    JsonNode node;
    try {
      node = EmulatorExchange.JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(problem);
    }
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw ApiException.badRequest(problem);
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw ApiException.badRequest(problem);
      }
      names.add(element.asText());
    }
    return names;
  }

  private static long limit(EmulatorExchange exchange) {
    String raw = exchange.param("limit");
    if (raw == null) {
      return Long.MAX_VALUE;
    }
    long limit;
    try {
      limit = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid limit '" + raw + "': expected a whole number from 1 to " + MAX_LIMIT);
    }
    if (limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit cannot be over " + MAX_LIMIT);
    }
    if (limit < 1) {
      throw ApiException.badRequest("Invalid limit '" + raw + "': expected a whole number from 1 to " + MAX_LIMIT);
    }
    return limit;
  }
}
