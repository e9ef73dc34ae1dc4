package org.mixpanellakeflow.connect;

import java.util.List;
import java.util.Map;

/**
 * Optional capability of a {@link LakeflowConnect} with {@link SupportsPartitionedReads}: numbers
 * about its reads that a scheduler, the Spark UI and a user's dashboards can see.
 *
 * <ul>
 *   <li>{@link #readMetrics} declares what each partition reader counts; readers give their running
 *       values through {@link RecordIterator#metrics()} (or {@link RowIterator#metrics()}). They
 *       travel with Spark's task metrics, so they are right whichever executor read.
 *   <li>{@link #progressMetrics} describes where a stream stands (how far behind, how stale), for
 *       {@code StreamingQueryProgress.sources[].metrics}.
 * </ul>
 */
public interface SupportsReadMetrics {

  /** The metrics every partition reader of {@code tableName} keeps; the same list every time. */
  List<ReadMetric> readMetrics(String tableName);

  /**
   * Where a stream of {@code tableName} stands once it has consumed up to {@code offset} (null
   * before the first batch): small named values, e.g. {@code daysBehind}. Called on the driver
   * after each micro-batch; must not call the source's API.
   */
  default Map<String, String> progressMetrics(
      String tableName, Map<String, String> tableOptions, Map<String, Object> offset) {
    return Map.of();
  }
}
