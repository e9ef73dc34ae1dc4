package org.mixpanellakeflow.connect.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.ReadMetric;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.RowIterator;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.mixpanellakeflow.connect.SupportsReadMetrics;
import org.mixpanellakeflow.connect.SupportsRowReads;
import org.mixpanellakeflow.connect.TableMetadata;
import org.mixpanellakeflow.connect.TableRead;

/**
 * A partitioned test connector with one {@code cdc} table. Its offset is {@code {"index": n}}, the
 * number of records consumed; its upper bound is frozen at the first call that needs it, per
 * instance, as a real connector freezes "now". Table options: {@code max_records_per_batch}
 * (default 1000), {@code records_per_partition} (default 2), {@code initial_index} (where a stream
 * starts, default 0; stands in for a moving start such as "the last 30 days") and {@code
 * primary_key} (default {@code id}). Readers count the records they served and a made-up 100
 * bytes per record ({@link #READ_METRICS}); progress says how many records are left.
 */
final class MemoryConnector
    implements LakeflowConnect, SupportsPartitionedReads, SupportsRowReads, SupportsReadMetrics {

  static final List<ReadMetric> READ_METRICS =
      List.of(
          new ReadMetric("recordsServed", "records the memory connector served", ReadMetric.Unit.COUNT),
          new ReadMetric("bytesServed", "bytes the memory connector made up", ReadMetric.Unit.BYTES));

  /** Not a table: where {@link #partitionsReported} keeps the reports the driver received. */
  static final String REPORTS = "_reports";

  private long reportCalls;

  static final String CDC = "cdc";
  static final StructType CDC_SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("name", DataTypes.StringType)
          .add("updated_at", DataTypes.LongType)
          .add("score", DataTypes.DoubleType)
          .add("active", DataTypes.BooleanType)
          .add("visits", DataTypes.IntegerType)
          .add(
              "address",
              new StructType().add("city", DataTypes.StringType).add("zip", DataTypes.IntegerType))
          .add("tags", DataTypes.createArrayType(DataTypes.StringType))
          .add("properties", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  private final String dataset;
  private Long frozenEnd;

  MemoryConnector(String dataset) {
    this.dataset = dataset;
  }

  /** A cdc record exercising every supported type, with some values in a convertible type. */
  static Map<String, Object> record(long id) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", id);
    record.put("name", "user-" + id);
    record.put("updated_at", (int) (1000 + id)); // Integer into BIGINT
    record.put("score", 2L * id); // Long into DOUBLE
    record.put("active", id % 2 == 0 ? 1 : 0); // 0/1 into BOOLEAN
    record.put("visits", 3.0); // whole Double into INT
    record.put("address", Map.of("city", "Paris", "zip", 75000 + (int) id));
    record.put("tags", List.of("a", "b" + id));
    record.put("properties", Map.of("$screen_width", 1920, "plan", "pro")); // number into STRING
    return record;
  }

  static List<Map<String, Object>> records(long fromId, long toId) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (long id = fromId; id < toId; id++) {
      records.add(record(id));
    }
    return records;
  }

  @Override
  public List<String> listTables() {
    return List.of(CDC);
  }

  @Override
  public StructType getTableSchema(String tableName, Map<String, String> tableOptions) {
    requireKnown(tableName);
    return CDC_SCHEMA;
  }

  @Override
  public TableMetadata readTableMetadata(String tableName, Map<String, String> tableOptions) {
    requireKnown(tableName);
    String key = tableOptions.getOrDefault("primary_key", "id");
    return new TableMetadata(List.of(key), "updated_at", IngestionType.CDC)
        .withUntrackedColumns(List.of("read_at"))
        .withKeyBackfills(Map.of(key, "concat('k-', id)"))
        .withSequenceFixedPerKey();
  }

  @Override
  public TableRead readTable(
      String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions) {
    requireKnown(tableName);
    long from = index(startOffset);
    long to = Math.min(frozenEnd(), from + maxPerBatch(tableOptions));
    return new TableRead(
        RecordIterator.of(MemoryStore.slice(dataset, CDC, from, to)), Map.of("index", to));
  }

  @Override
  public Map<String, Object> initialOffset(String tableName, Map<String, String> tableOptions) {
    requireKnown(tableName);
    return Map.of("index", Long.parseLong(tableOptions.getOrDefault("initial_index", "0")));
  }

  @Override
  public Map<String, Object> latestOffset(
      String tableName, Map<String, String> tableOptions, Map<String, Object> start) {
    return latestOffset(tableName, tableOptions, start, Long.MAX_VALUE);
  }

  @Override
  public Map<String, Object> latestOffset(
      String tableName, Map<String, String> tableOptions, Map<String, Object> start, long maxRecords) {
    long from = index(start);
    long batch = Math.min(maxPerBatch(tableOptions), maxRecords);
    return Map.of("index", Math.max(from, Math.min(frozenEnd(), from + batch)));
  }

  @Override
  public List<ReadMetric> readMetrics(String tableName) {
    requireKnown(tableName);
    return READ_METRICS;
  }

  @Override
  public Map<String, String> progressMetrics(
      String tableName, Map<String, String> tableOptions, Map<String, Object> offset) {
    return Map.of("recordsBehind", Long.toString(frozenEnd() - index(offset)));
  }

  @Override
  public List<Map<String, Object>> getPartitions(
      String tableName,
      Map<String, String> tableOptions,
      Map<String, Object> start,
      Map<String, Object> end) {
    requireKnown(tableName);
    long from = index(start);
    long to = end == null ? frozenEnd() : index(end);
    long step = Long.parseLong(tableOptions.getOrDefault("records_per_partition", "2"));
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (long at = from; at < to; at += step) {
      partitions.add(Map.of("from", at, "to", Math.min(to, at + step)));
    }
    return partitions;
  }

  @Override
  public RecordIterator readPartition(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions) {
    long from = (Long) partition.get("from");
    long to = (Long) partition.get("to");
    RecordIterator records = RecordIterator.of(MemoryStore.slice(dataset, CDC, from, to));
    return new RecordIterator() {
      private long served;

      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Map<String, Object> next() {
        served++;
        return records.next();
      }

      @Override
      public Map<String, Long> metrics() {
        return Map.of("recordsServed", served, "bytesServed", 100 * served);
      }

      @Override
      public void close() {
        records.close();
      }

      @Override
      public Map<String, Object> report() {
        return Map.of("from", from, "to", to, "pid", ProcessHandle.current().pid());
      }
    };
  }

  /**
   * Rows built here when the table options say {@code row_reads=true} (each row's report says
   * so), records otherwise.
   */
  @Override
  public RowIterator readPartitionRows(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions) {
    if (!"true".equals(tableOptions.get("row_reads"))) {
      return null;
    }
    RecordIterator records = readPartition(tableName, partition, tableOptions);
    RecordConverter converter = new RecordConverter(tableName, CDC_SCHEMA);
    return new RowIterator() {
      private org.apache.spark.sql.catalyst.InternalRow row;
      private long count;

      @Override
      public boolean next() {
        if (!records.hasNext()) {
          return false;
        }
        row = converter.convert(records.next());
        count++;
        return true;
      }

      @Override
      public org.apache.spark.sql.catalyst.InternalRow get() {
        return row;
      }

      @Override
      public void close() {
        records.close();
      }

      @Override
      public Map<String, Long> metrics() {
        return records.metrics();
      }

      @Override
      public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>(records.report());
        report.put("rows_built", count);
        return report;
      }
    };
  }

  /** Keeps what the driver was told, as a record per report, under table {@link #REPORTS}. */
  @Override
  public void partitionsReported(
      String tableName, Map<String, String> tableOptions, List<Map<String, Object>> reports) {
    reportCalls++;
    List<Map<String, Object>> numbered = new ArrayList<>();
    for (Map<String, Object> report : reports) {
      Map<String, Object> copy = new java.util.TreeMap<>(report);
      copy.put("call", reportCalls);
      numbered.add(copy);
    }
    MemoryStore.append(dataset, REPORTS, numbered);
  }

  private long frozenEnd() {
    if (frozenEnd == null) {
      frozenEnd = MemoryStore.size(dataset, CDC);
    }
    return frozenEnd;
  }

  private static long index(Map<String, Object> offset) {
    return offset == null ? 0L : ((Number) offset.get("index")).longValue();
  }

  private static long maxPerBatch(Map<String, String> tableOptions) {
    return Long.parseLong(tableOptions.getOrDefault("max_records_per_batch", "1000"));
  }

  private static void requireKnown(String tableName) {
    if (!CDC.equals(tableName)) {
      throw new LakeflowException(
          "Unknown table '" + tableName + "' (this connector serves: " + CDC + ")");
    }
  }
}
