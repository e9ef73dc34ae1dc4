package org.mixpanellakeflow.connect;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A stream of records that may hold a resource (an HTTP response body); always close it. {@link
 * #close()} must be idempotent.
 */
public interface RecordIterator extends Iterator<Map<String, Object>>, AutoCloseable {

  @Override
  void close();

  /**
   * What reading taught the connector that its driver-side instance should know, e.g. the volume
   * seen or the requests spent: a small map of primitives (as {@link Offsets} allows). Read once the
   * iterator is exhausted or closed; a partitioned read sends it back to the driver, where {@link
   * SupportsPartitionedReads#partitionsReported} receives it. Empty by default.
   */
  default Map<String, Object> report() {
    return Map.of();
  }

  /**
   * The running values of the metrics the connector declares ({@link
   * SupportsReadMetrics#readMetrics}), by name, for what this iterator has read so far. Spark asks
   * every hundred rows and at the end, on the reading thread, so keep it cheap. Empty by default.
   */
  default Map<String, Long> metrics() {
    return Map.of();
  }

  static RecordIterator of(List<Map<String, Object>> records) {
    Iterator<Map<String, Object>> it = records.iterator();
    return new RecordIterator() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Map<String, Object> next() {
        return it.next();
      }

      @Override
      public void close() {}
    };
  }
}
