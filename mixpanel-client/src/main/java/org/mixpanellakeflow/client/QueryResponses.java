package org.mixpanellakeflow.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses Query API responses (cohort lists, engage pages) into plain Java values. A document that
 * ends early is a {@link TruncatedBodyException}, so the transport retries it like a dropped
 * connection; any other shape problem is a {@link MixpanelProtocolException}. Thread safe.
 */
final class QueryResponses {

  /** Mixpanel's engage page size when a response does not say. */
  static final int DEFAULT_ENGAGE_PAGE_SIZE = 1000;

  private final MixpanelErrors errors;

  QueryResponses(MixpanelErrors errors) {
    this.errors = Objects.requireNonNull(errors, "errors is null");
  }

  List<Map<String, Object>> cohorts(InputStream body, String endpoint, String context, int attempt)
      throws IOException {
    Object document = readDocument(body, endpoint, context, attempt);
    if (!(document instanceof List<?> list)) {
      throw errors.malformed(
          endpoint, context, attempt, 0, "expected a JSON array of cohorts", null);
    }
    List<Map<String, Object>> cohorts = new ArrayList<>(list.size());
    for (Object item : list) {
      cohorts.add(asObject(item, "a cohort", endpoint, context, attempt));
    }
    return List.copyOf(cohorts);
  }

  /**
   * @param page the page asked for, used when the response does not say
   */
  EngagePage engagePage(
      InputStream body, EngageQuery query, int page, String endpoint, String context, int attempt)
      throws IOException {
    Object document = readDocument(body, endpoint, context, attempt);
    Map<String, Object> envelope = asObject(document, "the response", endpoint, context, attempt);
    Object rawResults = envelope.get("results");
    List<Map<String, Object>> results = new ArrayList<>();
    if (rawResults instanceof List<?> list) {
      for (Object item : list) {
        results.add(asObject(item, "a profile", endpoint, context, attempt));
      }
    } else if (rawResults != null) {
      throw errors.malformed(endpoint, context, attempt, 0, "'results' is not a JSON array", null);
    }
    int pageSize =
        envelope.get("page_size") instanceof Number n
            ? n.intValue()
            : query.pageSize() != null ? query.pageSize() : DEFAULT_ENGAGE_PAGE_SIZE;
    String sessionId = envelope.get("session_id") instanceof String s ? s : null;
    Long total = envelope.get("total") instanceof Number n ? n.longValue() : null;
    int returnedPage = envelope.get("page") instanceof Number n ? n.intValue() : page;
    return new EngagePage(returnedPage, pageSize, sessionId, total, results);
  }

  private Object readDocument(InputStream body, String endpoint, String context, int attempt)
      throws IOException {
    try (InputStream in = body;
        JsonParser parser = JsonValues.FACTORY.createParser(in)) {
      parser.nextToken();
      return JsonValues.read(parser);
    } catch (JsonEOFException e) {
      throw new TruncatedBodyException("the JSON document ends early", 0);
    } catch (JsonProcessingException e) {
      throw errors.malformed(endpoint, context, attempt, 0, e.getOriginalMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asObject(
      Object value, String what, String endpoint, String context, int attempt) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw errors.malformed(
        endpoint, context, attempt, 0, "expected " + what + " to be a JSON object", null);
  }
}
