package org.mixpanellakeflow.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.mixpanellakeflow.connect.TableMetadata;
import org.mixpanellakeflow.connect.TableRead;

/**
 * A connector over {@link MemoryStore}. Offsets are {@code {"index": n}}, the number of records
 * consumed; {@code max_records_per_batch} caps a micro-batch; partitions hold at most {@code
 * records_per_partition} records (two unless set) so that batches span several tasks. Every
 * partition read is logged in the store ({@link MemoryStore#partitionReads}), which lets tests
 * count how often a batch was read. It requires the connection option {@code token} to be {@value
 * #TOKEN}, which proves that connection options reach it.
 */
final class MemoryConnector implements LakeflowConnect, SupportsPartitionedReads {

  static final String NAME = "memory";
  static final String TOKEN = "t0ken-value";
  private static final int RECORDS_PER_PARTITION = 2;

  @Override
  public List<String> listTables() {
    return MemoryStore.names();
  }

  @Override
  public StructType getTableSchema(String tableName, Map<String, String> tableOptions) {
    return MemoryStore.table(tableName).schema();
  }

  @Override
  public TableMetadata readTableMetadata(String tableName, Map<String, String> tableOptions) {
    return MemoryStore.table(tableName).metadata();
  }

  @Override
  public TableRead readTable(
      String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions) {
    MemoryStore.Table table = MemoryStore.table(tableName);
    if (table.metadata().ingestionType() == IngestionType.SNAPSHOT) {
      return new TableRead(read(tableName, table.records(), 0, table.records().size()), null);
    }
    return readLog(tableName, table.records(), startOffset, tableOptions);
  }

  @Override
  public TableRead readTableDeletes(
      String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions) {
    return readLog(tableName, MemoryStore.table(tableName).deletes(), startOffset, tableOptions);
  }

  @Override
  public Map<String, Object> initialOffset(String tableName, Map<String, String> tableOptions) {
    return Map.of("index", 0L);
  }

  @Override
  public Map<String, Object> latestOffset(
      String tableName, Map<String, String> tableOptions, Map<String, Object> start) {
    int from = index(start);
    return Map.of(
        "index", (long) end(from, MemoryStore.table(tableName).records().size(), tableOptions));
  }

  @Override
  public List<Map<String, Object>> getPartitions(
      String tableName,
      Map<String, String> tableOptions,
      Map<String, Object> start,
      Map<String, Object> end) {
    int from = index(start);
    int to = end == null ? MemoryStore.table(tableName).records().size() : index(end);
    int size =
        Integer.parseInt(
            tableOptions.getOrDefault(
                "records_per_partition", Integer.toString(RECORDS_PER_PARTITION)));
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (int i = from; i < to; i += size) {
      partitions.add(Map.of("from", (long) i, "to", (long) Math.min(to, i + size)));
    }
    return partitions;
  }

  @Override
  public RecordIterator readPartition(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions) {
    MemoryStore.Table table = MemoryStore.table(tableName);
    int from = index(partition, "from");
    int to = index(partition, "to");
    table.partitionReads().add(from + "-" + to);
    return read(tableName, table.records(), from, to);
  }

  private static TableRead readLog(
      String tableName,
      List<Map<String, Object>> log,
      Map<String, Object> start,
      Map<String, String> options) {
    int from = index(start);
    int to = end(from, log.size(), options);
    return new TableRead(read(tableName, log, from, to), Map.of("index", (long) to));
  }

  /** The records in [from, to) without gaps, made one at a time (generated tables are large). */
  private static RecordIterator read(
      String tableName, List<Map<String, Object>> log, int from, int to) {
    int failAt = MemoryStore.table(tableName).failAt().get();
    if (failAt >= 0 && to > failAt) {
      throw new LakeflowException(
          "Injected failure reading record " + Math.max(from, failAt) + " of '" + tableName + "'");
    }
    return new RecordIterator() {
      private int next = skipGaps(from);

      private int skipGaps(int index) {
        while (index < to && log.get(index) == MemoryStore.GAP) {
          index++;
        }
        return index;
      }

      @Override
      public boolean hasNext() {
        return next < to;
      }

      @Override
      public Map<String, Object> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map<String, Object> record = log.get(next);
        next = skipGaps(next + 1);
        return record;
      }

      @Override
      public void close() {}
    };
  }

  private static int end(int from, int size, Map<String, String> options) {
    String max = options.get("max_records_per_batch");
    return max == null ? size : Math.min(size, from + Integer.parseInt(max));
  }

  private static int index(Map<String, Object> offset) {
    return offset == null ? 0 : index(offset, "index");
  }

  private static int index(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).intValue();
  }
}
