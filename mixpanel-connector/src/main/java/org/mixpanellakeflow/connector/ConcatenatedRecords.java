package org.mixpanellakeflow.connector;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mixpanellakeflow.connect.RecordIterator;

/**
 * Reads partitions one after the other, opening each only when the previous one is exhausted, and
 * hands each partition's report to {@code reports} when it is done, as the Spark source does for
 * partitions read on executors.
 */
final class ConcatenatedRecords implements RecordIterator {

  private final Iterator<Map<String, Object>> partitions;
  private final Function<Map<String, Object>, RecordIterator> reader;
  private final Consumer<Map<String, Object>> reports;
  private RecordIterator current;

  ConcatenatedRecords(
      List<Map<String, Object>> partitions,
      Function<Map<String, Object>, RecordIterator> reader,
      Consumer<Map<String, Object>> reports) {
    this.partitions = partitions.iterator();
    this.reader = reader;
    this.reports = reports;
  }

  @Override
  public boolean hasNext() {
    while (current == null || !current.hasNext()) {
      if (current != null) {
        finish();
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
      finish();
    }
  }

  private void finish() {
    current.close();
    Map<String, Object> report = current.report();
    current = null;
    if (report != null && !report.isEmpty()) {
      reports.accept(report);
    }
  }
}
