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
