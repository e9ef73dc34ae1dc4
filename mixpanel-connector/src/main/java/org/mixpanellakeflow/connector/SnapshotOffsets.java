package org.mixpanellakeflow.connector;

import java.util.List;
import java.util.Map;

/**
 * Snapshot tables are read whole by a batch read; their offset never moves, so a stream of one
 * has no batches.
 */
final class SnapshotOffsets {

  static final Map<String, Object> INITIAL = Map.of("version", 1L);

  private SnapshotOffsets() {}

  static List<Map<String, Object>> onePartition(
      String table, Map<String, Object> start, Map<String, Object> end) {
    return start != null && start.equals(end) ? List.of() : List.of(Map.of("table", table));
  }
}
