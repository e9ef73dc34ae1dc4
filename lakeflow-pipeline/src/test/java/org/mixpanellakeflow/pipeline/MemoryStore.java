package org.mixpanellakeflow.pipeline;

import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * The data behind {@link MemoryConnector}: static so that connectors built by the Spark source on
 * the driver and in tasks (one JVM in local mode) see what a test put there, and tests can change
 * it between runs. Each test uses its own table names.
 */
final class MemoryStore {

  /**
   * A table's schema and metadata, its change log (or current rows, for snapshots) and deletes, and
   * the partitions read so far ({@code from-to}, one entry per read).
   */
  record Table(
      StructType schema,
      TableMetadata metadata,
      List<Map<String, Object>> records,
      List<Map<String, Object>> deletes,
      AtomicInteger failAt,
      List<String> partitionReads) {}

  /**
   * A place in a change log that holds no record: a batch of gaps has partitions, an offset to
   * commit and no rows, like a connector window without events.
   */
  static final Map<String, Object> GAP = Map.of("__gap", true);

  private static final Map<String, Table> TABLES = new ConcurrentHashMap<>();

  private MemoryStore() {}

  static void define(String name, StructType schema, TableMetadata metadata) {
    TABLES.put(
        name,
        new Table(
            schema,
            metadata,
            new CopyOnWriteArrayList<>(),
            new CopyOnWriteArrayList<>(),
            new AtomicInteger(-1),
            new CopyOnWriteArrayList<>()));
  }

  /**
   * A read-only table of {@code size} records made by {@code record} from their index when read, so
   * that a large table costs no memory until the pipeline reads it.
   */
  static void defineGenerated(
      String name,
      StructType schema,
      TableMetadata metadata,
      int size,
      IntFunction<Map<String, Object>> record) {
    List<Map<String, Object>> records =
        new AbstractList<>() {
          @Override
          public Map<String, Object> get(int index) {
            return record.apply(index);
          }

          @Override
          public int size() {
            return size;
          }
        };
    TABLES.put(
        name,
        new Table(
            schema,
            metadata,
            records,
            List.of(),
            new AtomicInteger(-1),
            new CopyOnWriteArrayList<>()));
  }

  /**
   * Gives a table a new schema and metadata but keeps its records, deletes and injected failure,
   * like a connector upgrade: offsets already committed still point at the same records.
   */
  static void redefine(String name, StructType schema, TableMetadata metadata) {
    Table old = table(name);
    TABLES.put(
        name,
        new Table(
            schema, metadata, old.records(), old.deletes(), old.failAt(), old.partitionReads()));
  }

  static void append(String name, List<Map<String, Object>> records) {
    table(name).records().addAll(records);
  }

  static void replace(String name, List<Map<String, Object>> records) {
    Table table = table(name);
    table.records().clear();
    table.records().addAll(records);
  }

  static void appendDeletes(String name, List<Map<String, Object>> deletes) {
    table(name).deletes().addAll(deletes);
  }

  /** Makes every read that covers record {@code index} or later fail, like an API outage. */
  static void failReadsFrom(String name, int index) {
    table(name).failAt().set(index);
  }

  static void healReads(String name) {
    table(name).failAt().set(-1);
  }

  /** The partitions of {@code name} read so far, one {@code from-to} entry per read. */
  static List<String> partitionReads(String name) {
    return List.copyOf(table(name).partitionReads());
  }

  static void forgetPartitionReads(String name) {
    table(name).partitionReads().clear();
  }

  static List<String> names() {
    return TABLES.keySet().stream().sorted().toList();
  }

  static Table table(String name) {
    Table table = TABLES.get(name);
    if (table == null) {
      throw new LakeflowException("Unknown table '" + name + "' (known tables: " + names() + ")");
    }
    return table;
  }
}
