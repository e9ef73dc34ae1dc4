package org.mixpanellakeflow.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One page of an engage session.
 *
 * @param page 0-based page index
 * @param pageSize the page size the server applied
 * @param sessionId pass it back with the next page; {@code null} if the server sent none
 * @param total overall match count (Mixpanel sends it on page 0 only), or {@code null}
 * @param results profiles: {@code $distinct_id} and {@code $properties} maps as parsed JSON
 */
public record EngagePage(
    int page, int pageSize, String sessionId, Long total, List<Map<String, Object>> results) {

  public EngagePage {
    Objects.requireNonNull(results, "results is null");
    results = List.copyOf(results);
  }

  /**
   * Whether another page may hold profiles: Mixpanel's documented loop continues while a page is
   * full.
   */
  public boolean hasMore() {
    return pageSize > 0 && results.size() >= pageSize;
  }
}
