package org.mixpanellakeflow.pipeline;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** A path-based Delta table the pipeline writes: created on first use, with its clustering. */
final class DeltaTarget {

  private final SparkSession spark;
  private final String path;
  private final List<String> clusterBy;
  private final String sourceTable;

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
