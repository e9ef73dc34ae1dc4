package org.mixpanellakeflow.connect.spark;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableMetadata;
import org.mixpanellakeflow.connect.TableRead;

/**
 * A test connector without partitioned reads. {@code snapshot} returns everything in one call with
 * a null end offset; {@code changes} pages through its records {@code page_size} at a time (offset
 * {@code {"index": n}}, upper bound frozen per instance) and has deletions.
 */
final class SimpleConnector implements LakeflowConnect {

  static final String SNAPSHOT = "snapshot";
  static final String CHANGES = "changes";
  static final String CHANGES_DELETES = "changes_deletes";
  static final StructType SNAPSHOT_SCHEMA =
      new StructType().add("key", DataTypes.StringType, false).add("value", DataTypes.LongType);
  static final StructType CHANGES_SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("value", DataTypes.StringType, false)
          .add("updated_at", DataTypes.LongType);

  private final String dataset;
  private final Map<String, Long> frozenEnds = new HashMap<>();

  SimpleConnector(String dataset) {
    this.dataset = dataset;
  }

  static Map<String, Object> change(long id) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", id);
    record.put("value", "v" + id);
    record.put("updated_at", 100 + id);
    return record;
  }

  @Override
  public List<String> listTables() {
    return List.of(SNAPSHOT, CHANGES);
  }

  @Override
  public StructType getTableSchema(String tableName, Map<String, String> tableOptions) {
    return switch (tableName) {
      case SNAPSHOT -> SNAPSHOT_SCHEMA;
      case CHANGES -> CHANGES_SCHEMA;
      default -> throw unknown(tableName);
    };
  }

  @Override
  public TableMetadata readTableMetadata(String tableName, Map<String, String> tableOptions) {
    return switch (tableName) {
      case SNAPSHOT -> new TableMetadata(List.of("key"), null, IngestionType.SNAPSHOT);
      case CHANGES ->
          new TableMetadata(List.of("id"), "updated_at", IngestionType.CDC_WITH_DELETES);
      default -> throw unknown(tableName);
    };
  }

  @Override
  public TableRead readTable(
      String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions) {
    return switch (tableName) {
      case SNAPSHOT ->
          new TableRead(
              RecordIterator.of(MemoryStore.slice(dataset, SNAPSHOT, 0, Long.MAX_VALUE)), null);
      case CHANGES -> page(CHANGES, startOffset, tableOptions);
      default -> throw unknown(tableName);
    };
  }

  @Override
  public TableRead readTableDeletes(
      String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions) {
    if (!CHANGES.equals(tableName)) {
      return LakeflowConnect.super.readTableDeletes(tableName, startOffset, tableOptions);
    }
    return page(CHANGES_DELETES, startOffset, tableOptions);
  }

  private TableRead page(String list, Map<String, Object> start, Map<String, String> options) {
    long from = start == null ? 0L : ((Number) start.get("index")).longValue();
    long end = frozenEnds.computeIfAbsent(list, l -> MemoryStore.size(dataset, l));
    long to = Math.min(end, from + Long.parseLong(options.getOrDefault("page_size", "100")));
    return new TableRead(
        RecordIterator.of(MemoryStore.slice(dataset, list, from, to)), Map.of("index", to));
  }

  private static LakeflowException unknown(String tableName) {
    return new LakeflowException(
        "Unknown table '"
            + tableName
            + "' (this connector serves: "
            + SNAPSHOT
            + ", "
            + CHANGES
            + ")");
  }
}
