package org.mixpanellakeflow.connector;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.mixpanellakeflow.connect.RecordIterator;

/** Reads partitions one after the other, opening each only when the previous one is exhausted. */
final class ConcatenatedRecords implements RecordIterator {

  private final MixpanelConnector connector;
  private final String table;
  private final Iterator<Map<String, Object>> partitions;
  private final Map<String, String> tableOptions;
  private RecordIterator current;

  ConcatenatedRecords(
      MixpanelConnector connector,
      String table,
      List<Map<String, Object>> partitions,
      Map<String, String> tableOptions) {
    this.connector = connector;
    this.table = table;
    this.partitions = partitions.iterator();
    this.tableOptions = tableOptions;
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
      current = connector.readPartition(table, partitions.next(), tableOptions);
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
