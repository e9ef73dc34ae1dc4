package org.mixpanellakeflow.pipeline;

import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/** A local Spark session for landing Delta tables on this machine. */
public final class Lakehouse {

  private Lakehouse() {}

  /**
   * Four per core, at least 16. Streaming micro-batches run without adaptive execution, so this
   * count is what a batch's dedup and Delta write are split into: too few and each task sorts and
   * buffers (Parquet row groups) a large share of a big window, which ran a 3-million-event window
   * out of a 512 MB heap with 2; too many and small syncs pay per-task and per-file costs (Spark's
   * default 200 made a 1.1-million-event first sync 50% slower here). See docs/benchmarks.md.
   */
  static int shufflePartitions() {
    return Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * Gets or creates a {@code local[*]} session (every core) with Delta's SQL extension and catalog,
   * {@link #shufflePartitions} shuffle partitions, no UI, the driver on loopback, and Spark's own
   * warehouse directory under {@code warehouse}. Its session catalog is Spark's in-memory one,
   * which forgets catalog tables when the session ends: land folders with it (see {@link
   * PipelineRunner#withCatalogTablesAsFolders()}).
   */
  public static SparkSession localSession(String warehouse) {
    return localSessionBuilder(warehouse).getOrCreate();
  }

  /** The builder of {@link #localSession}, for a session with more settings. */
  static SparkSession.Builder localSessionBuilder(String warehouse) {
    Objects.requireNonNull(warehouse, "warehouse is null");
    return SparkSession.builder()
        .appName("mixpanel-lakeflow")
        .master("local[*]")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions()))
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", PipelineRunner.join(warehouse, "_spark_warehouse"));
  }
}
