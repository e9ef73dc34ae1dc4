package org.mixpanellakeflow.pipeline;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A path-based Delta table the pipeline writes: created on first use, with its clustering. One
 * instance per table and run; not thread safe.
 */
final class DeltaTarget {

  private final SparkSession spark;
  private final String path;
  private final List<String> clusterBy;
  private final String sourceTable;
  private boolean hasFiles;

  DeltaTarget(SparkSession spark, String path, List<String> clusterBy, String sourceTable) {
    this.spark = Objects.requireNonNull(spark, "spark is null");
    this.path = Objects.requireNonNull(path, "path is null");
    this.clusterBy = List.copyOf(clusterBy);
    this.sourceTable = Objects.requireNonNull(sourceTable, "sourceTable is null");
  }

  /**
   * Creates the table with {@code schema} unless it exists. Creating it before any data arrives
   * means a source with nothing to read still yields a queryable table with the right columns.
   */
  void ensureExists(StructType schema) {
    if (exists()) {
      return;
    }
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark).location(path).addColumns(schema);
    if (!clusterBy.isEmpty()) {
      // Delta parses these as SQL identifiers, so Mixpanel's $-names must be back-quoted
      builder =
          builder.clusterBy(
              clusterBy.stream()
                  .map(c -> ColumnPath.require(schema, c, "cluster_by", sourceTable).quoted())
                  .toArray(String[]::new));
    }
    builder.execute();
  }

  DeltaTable table() {
    return DeltaTable.forPath(spark, path);
  }

  /** The table as seen by {@code session}, e.g. a micro-batch's, whose settings its DML uses. */
  DeltaTable table(SparkSession session) {
    return DeltaTable.forPath(session, path);
  }

  /**
   * Whether the table has no data file, so that no key of a batch can be in it yet: a first sync.
   * Reads the Delta log only. Once the table has files this answers false without looking again:
   * the writers that ask only add rows.
   */
  boolean isEmpty() {
    if (!hasFiles) {
      hasFiles = table().detail().select("numFiles").first().getLong(0) > 0;
    }
    return !hasFiles;
  }

  String path() {
    return path;
  }

  /** The stored table's schema; the table must exist. */
  StructType schema() {
    return spark.read().format("delta").load(path).schema();
  }

  /** Whether the table exists yet. */
  boolean exists() {
    return DeltaTable.isDeltaTable(spark, path);
  }

  long rowCount() {
    return spark.read().format("delta").load(path).count();
  }
}
