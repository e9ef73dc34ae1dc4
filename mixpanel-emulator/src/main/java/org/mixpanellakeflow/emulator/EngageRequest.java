package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The validated parameters of one engage query.
 *
 * @param where the selector profiles must match, or null
 * @param distinctIds only these profiles ({@code distinct_id} or {@code distinct_ids}), or null
 * @param cohortId {@code filter_by_cohort}'s id, or null
 * @param includeAllUsers with a cohort: also members without a profile (Mixpanel's default)
 * @param outputProperties the {@code $properties} keys to return, or null for all
 * @param page the 0-based page
 * @param pageSize the page size applied: requested (up to the cap) or 1000
 * @param sessionId the session of earlier pages, or null
 */
record EngageRequest(
    WhereExpression where,
    List<String> distinctIds,
    Long cohortId,
    boolean includeAllUsers,
    List<String> outputProperties,
    int page,
    int pageSize,
    String sessionId) {
  static final int DEFAULT_PAGE_SIZE = 1000;

  EngageRequest {
    distinctIds = distinctIds == null ? null : List.copyOf(distinctIds);
    outputProperties = outputProperties == null ? null : List.copyOf(outputProperties);
  }

  static EngageRequest parse(EmulatorExchange exchange, int pageSizeCap) {
    if (exchange.param("data_group_id") != null) {
      throw ApiException.badRequest(
          "The emulator has no group profiles; drop data_group_id to query user profiles");
    }
    if (exchange.param("behaviors") != null) {
      throw ApiException.badRequest(
          "The emulator does not evaluate behaviors; use filter_by_cohort or where instead");
    }
    List<String> ids = null;
    if (exchange.param("distinct_id") != null) {
      ids = List.of(exchange.param("distinct_id"));
    } else if (exchange.param("distinct_ids") != null) {
      ids = stringArray(exchange.param("distinct_ids"), "distinct_ids");
    }
    String outputRaw = exchange.param("output_properties");
    return new EngageRequest(
        ExportRequest.where(exchange.param("where")),
        ids,
        cohortId(exchange.param("filter_by_cohort")),
        flag(exchange.param("include_all_users")),
        outputRaw == null ? null : stringArray(outputRaw, "output_properties"),
        number(exchange.param("page"), "page", 0, 0, Integer.MAX_VALUE),
        Math.min(number(exchange.param("page_size"), "page_size", DEFAULT_PAGE_SIZE, 1, Integer.MAX_VALUE), pageSizeCap),
        blankToNull(exchange.param("session_id")));
  }

  /** What must stay the same across the pages of one session. */
  String fingerprint() {
    return Objects.toString(where) + "|" + distinctIds + "|" + cohortId + "|" + includeAllUsers + "|" + pageSize;
  }

  private static Long cohortId(String raw) {
    if (raw == null) {
      return null;
    }
    String problem = "Invalid filter_by_cohort '" + raw + "': expected a JSON object like {\"id\": 1234}";
    JsonNode id = json(raw, problem).get("id");
    if (id == null) {
      throw ApiException.badRequest(problem);
    }
    if (id.isIntegralNumber()) {
      return id.asLong();
    }
    if (id.isTextual() && id.asText().matches("\\d{1,18}")) {
      return Long.parseLong(id.asText());
    }
    throw ApiException.badRequest(problem);
  }

  private static List<String> stringArray(String raw, String name) {
    String problem = "Invalid " + name + " '" + raw + "': expected a JSON array of strings, e.g. [\"a\", \"b\"]";
    JsonNode node = json(raw, problem);
    if (!node.isArray()) {
      throw ApiException.badRequest(problem);
    }
    List<String> values = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw ApiException.badRequest(problem);
      }
      values.add(element.asText());
    }
    return values;
  }

  private static JsonNode json(String raw, String problem) {
    try {
      JsonNode node = EmulatorExchange.JSON.readTree(raw);
      if (node == null) {
        throw ApiException.badRequest(problem);
      }
      return node;
    } catch (IOException e) {
      throw ApiException.badRequest(problem);
    }
  }

  private static boolean flag(String raw) {
    if (raw == null || raw.equalsIgnoreCase("true") || raw.equals("1")) {
      return true;
    }
    if (raw.equalsIgnoreCase("false") || raw.equals("0")) {
      return false;
    }
    throw ApiException.badRequest("Invalid include_all_users '" + raw + "': expected true or false");
  }

  private static int number(String raw, String name, int fallback, int min, int max) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.trim());
      if (value >= min && value <= max) {
        return (int) value;
      }
    } catch (NumberFormatException e) {
      // reported below, like an out-of-range number
    }
    throw ApiException.badRequest("Invalid " + name + " '" + raw + "': expected a whole number of at least " + min);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
