package org.mixpanellakeflow.connector;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.mixpanellakeflow.connect.RecordIterator;

/** Reads partitions one after the other, opening each only when the previous one is exhausted. */
final class ConcatenatedRecords implements RecordIterator {

  private final Iterator<Map<String, Object>> partitions;
  private final Function<Map<String, Object>, RecordIterator> reader;
  private RecordIterator current;

  ConcatenatedRecords(
      List<Map<String, Object>> partitions, Function<Map<String, Object>, RecordIterator> reader) {
    this.partitions = partitions.iterator();
    this.reader = reader;
  }

  @Override
  public boolean hasNext() {
    while (current == null || !current.hasNext()) {
      if (current != null) {
        current.close();
        current = null;
      }
      if (!partitions.hasNext()) {
        return false;
      }
      current = reader.apply(partitions.next());
    }
    return true;
  }

  @Override
  public Map<String, Object> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
