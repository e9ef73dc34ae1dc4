package org.mixpanellakeflow.pipeline;

import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/** A local Spark session for landing Delta tables on this machine. */
public final class Lakehouse {

  private Lakehouse() {}

  /**
   * Gets or creates a {@code local[2]} session with Delta's SQL extension and catalog, two shuffle
   * partitions (the default 200 only slows small merges down), no UI, the driver on loopback, and
   * Spark's own warehouse directory under {@code warehouse}.
   */
  public static SparkSession localSession(String warehouse) {
    Objects.requireNonNull(warehouse, "warehouse is null");
    return SparkSession.builder()
        .appName("mixpanel-lakeflow")
        .master("local[2]")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", PipelineRunner.join(warehouse, "_spark_warehouse"))
        .getOrCreate();
  }
}
