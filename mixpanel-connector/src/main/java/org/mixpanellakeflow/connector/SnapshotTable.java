package org.mixpanellakeflow.connector;

import java.util.List;
import java.util.Map;

/**
 * A table read whole on every sync. Its offset never moves, so a stream of one has no batches;
 * the pipeline reads it with a batch read and applies the snapshot.
 */
abstract class SnapshotTable implements MixpanelTable {

  static final Map<String, Object> INITIAL = Map.of("version", 1L);

  @Override
  public final Map<String, Object> initialOffset(ReadContext context) {
    return INITIAL;
  }

  @Override
  public final Map<String, Object> latestOffset(
      ReadContext context, Map<String, Object> start, long maxRecords) {
    return start == null ? INITIAL : start;
  }

  @Override
  public final List<Map<String, Object>> partitions(
      ReadContext context, Map<String, Object> start, Map<String, Object> end) {
    return start != null && start.equals(end) ? List.of() : snapshotPartitions(context);
  }

  /** The partitions of one whole read of the table. */
  abstract List<Map<String, Object>> snapshotPartitions(ReadContext context);
}
