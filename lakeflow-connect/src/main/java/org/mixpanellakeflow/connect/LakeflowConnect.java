package org.mixpanellakeflow.connect;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * The Lakeflow Connect source contract (see {@code docs/architecture.md} and the restated contract
 * in the shared reference), in Java.
 *
 * <p>An implementation is constructed from a flat map of connection options by its {@link
 * LakeflowConnectFactory}. Records are plain JSON-like trees: {@code Map<String, Object>} whose
 * values are {@code String}, {@code Long}/{@code Integer}, {@code Double}, {@code Boolean}, nested
 * {@code Map<String, Object>}, {@code List<Object>} or {@code null}; the Spark source converts
 * them to rows by the declared schema. A {@code VARIANT} column takes any such value (other
 * {@code Number}s, e.g. a {@code BigDecimal}, by their exact text), stored exactly.
 *
 * <p>Offsets are small maps of primitives (see {@link Offsets}) that must round-trip through JSON
 * exactly. A {@code null} start offset means "the very first read".
 *
 * <p>Implementations need not be thread safe; the Spark source ({@code
 * org.mixpanellakeflow.connect.spark.LakeflowDataSource}) builds on the driver one instance per
 * batch scan and, for a stream, one per trigger, except that a {@code Trigger.AvailableNow} run
 * keeps one instance throughout (so an upper bound frozen per instance lets it end); executors
 * build one per task.
 */
public interface LakeflowConnect {

  /** The names of the tables this source serves, in a stable order. */
  List<String> listTables();

  /**
   * The Spark schema of {@code tableName}.
   *
   * @throws LakeflowException if the table is unknown; the message names the valid tables
   */
  StructType getTableSchema(String tableName, Map<String, String> tableOptions);

  /** Primary keys, cursor field and ingestion type of {@code tableName}. */
  TableMetadata readTableMetadata(String tableName, Map<String, String> tableOptions);

  /**
   * Reads the records after {@code startOffset} and returns them with the offset to resume from.
   * Returning an end offset equal to {@code startOffset} means "nothing more for now"; callers stop
   * there. For a {@code snapshot} table one call returns the whole table.
   */
  TableRead readTable(String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions);

  /**
   * Reads deletions after {@code startOffset}; only for {@code cdc_with_deletes} tables. Records
   * carry at least the primary key and the cursor.
   */
  default TableRead readTableDeletes(
      String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions) {
    throw new LakeflowException(
        "Cannot read deletes of table '"
            + tableName
            + "': its ingestion type is not cdc_with_deletes");
  }
}
