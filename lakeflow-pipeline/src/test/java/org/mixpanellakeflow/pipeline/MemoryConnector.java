package org.mixpanellakeflow.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * consumed; {@code max_records_per_batch} caps a micro-batch; partitions hold at most two records
 * so that batches span several tasks. It requires the connection option {@code token} to be {@value
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
      return new TableRead(
          RecordIterator.of(read(tableName, table.records(), 0, table.records().size())), null);
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
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (int i = from; i < to; i += RECORDS_PER_PARTITION) {
      partitions.add(
          Map.of("from", (long) i, "to", (long) Math.min(to, i + RECORDS_PER_PARTITION)));
    }
    return partitions;
  }

  @Override
  public RecordIterator readPartition(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions) {
    MemoryStore.Table table = MemoryStore.table(tableName);
    return RecordIterator.of(
        read(tableName, table.records(), index(partition, "from"), index(partition, "to")));
  }

  private static TableRead readLog(
      String tableName,
      List<Map<String, Object>> log,
      Map<String, Object> start,
      Map<String, String> options) {
    int from = index(start);
    int to = end(from, log.size(), options);
    return new TableRead(
        RecordIterator.of(read(tableName, log, from, to)), Map.of("index", (long) to));
  }

  private static List<Map<String, Object>> read(
      String tableName, List<Map<String, Object>> log, int from, int to) {
    int failAt = MemoryStore.table(tableName).failAt().get();
    if (failAt >= 0 && to > failAt) {
      throw new LakeflowException(
          "Injected failure reading record " + Math.max(from, failAt) + " of '" + tableName + "'");
    }
    return List.copyOf(log.subList(from, to));
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
