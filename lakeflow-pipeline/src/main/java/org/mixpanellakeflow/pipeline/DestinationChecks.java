package org.mixpanellakeflow.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.CatalogMetadata;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Checks a run makes on its destinations before reading anything, so that a destination that cannot
 * work stops the run while every table is still as it was: nothing read, nothing created.
 */
final class DestinationChecks {

  /** Spark's name for the session catalog, whichever implementation backs it. */
  static final String SESSION_CATALOG = "spark_catalog";

  private static final String CATALOG_PREFIX = "spark.sql.catalog.";
  private static final String CATALOG_IMPLEMENTATION = "spark.sql.catalogImplementation";

  private DestinationChecks() {}

  /**
   * Refuses catalog destinations this session cannot keep: a catalog the session does not know,
   * whose name Spark would otherwise read as a schema of the current catalog, and the session
   * catalog when it is Spark's in-memory one, which forgets its tables when the session ends, so
   * that the next run would not find the table its checkpoint belongs to. Reads no data.
   *
   * <p>A catalog is known when it is the session catalog, is configured as {@code
   * spark.sql.catalog.<name>}, or is listed by the session ({@code SHOW CATALOGS}; on Databricks,
   * the Unity Catalog catalogs the user may see, whose names are case-insensitive).
   */
  static void requireUsableCatalogs(SparkSession spark, List<TableSpec> tables) {
    Set<String> listed = null;
    for (TableSpec table : tables) {
      if (table.catalogTable().isEmpty()) {
        continue;
      }
      CatalogTableName name = table.catalogTable().get();
      String catalog = name.catalog();
      if (catalog.equalsIgnoreCase(SESSION_CATALOG)) {
        requirePersistentSessionCatalog(spark, table, name);
        continue;
      }
      if (spark.conf().contains(CATALOG_PREFIX + catalog)) {
        continue;
      }
      if (listed == null) {
        listed = listedCatalogs(spark);
      }
      if (listed.contains(catalog.toLowerCase(Locale.ROOT))) {
        continue;
      }
      throw new PipelineException(
          "Destination '"
              + name
              + "' of source table '"
              + table.sourceTable()
              + "' is in catalog '"
              + catalog
              + "', which this Spark session does not know (it knows "
              + knownCatalogs(spark)
              + "); on Databricks, name a Unity Catalog catalog you have USE CATALOG on; elsewhere,"
              + " use '"
              + SESSION_CATALOG
              + "' (the session catalog) or configure "
              + CATALOG_PREFIX
              + catalog
              + "; or leave out destination_catalog and destination_schema to write a folder"
              + " under the warehouse");
    }
  }

  /**
   * Refuses a table whose streaming checkpoint exists while the table does not: the table was
   * dropped or moved since the last run, and resuming from the checkpoint would leave out every row
   * synced before.
   */
  static void requireTableOfCheckpoint(SparkSession spark, TablePlan plan, DeltaTarget target) {
    if (!hasCheckpoint(spark, plan.checkpointPath()) || target.exists()) {
      return;
    }
    throw new PipelineException(
        "The Delta table '"
            + target.name()
            + "' of source table '"
            + plan.sourceTable()
            + "' does not exist, but its streaming checkpoint '"
            + plan.checkpointPath()
            + "' does: the table was dropped or moved since the last run, and resuming would leave"
            + " out every row synced before; move the checkpoint folder aside to sync the table"
            + " again from the start, or put the table back");
  }

  private static void requirePersistentSessionCatalog(
      SparkSession spark, TableSpec table, CatalogTableName name) {
    String implementation = spark.conf().get(CATALOG_IMPLEMENTATION, "in-memory");
    if (!implementation.equals("in-memory")) {
      return;
    }
    throw new PipelineException(
        "Destination '"
            + name
            + "' of source table '"
            + table.sourceTable()
            + "' is in the session catalog, which this Spark session keeps in memory ("
            + CATALOG_IMPLEMENTATION
            + "=in-memory): the table would be forgotten when the session ends and the next run"
            + " could not find it; use a session with a persistent metastore (Hive support), or"
            + " leave out destination_catalog and destination_schema to write a folder under the"
            + " warehouse");
  }

  /** Whether Spark has started a streaming query at {@code checkpoint}: it writes this first. */
  private static boolean hasCheckpoint(SparkSession spark, String checkpoint) {
    Path metadata = new Path(checkpoint, "metadata");
    try {
      FileSystem fs = metadata.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(metadata);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot look for the streaming checkpoint '" + checkpoint + "'", e);
    }
  }

  private static Set<String> listedCatalogs(SparkSession spark) {
    Set<String> names = new TreeSet<>();
    for (CatalogMetadata catalog : spark.catalog().listCatalogs().collectAsList()) {
      names.add(catalog.name().toLowerCase(Locale.ROOT));
    }
    return names;
  }

  /** The session catalog, the configured catalogs and the listed ones, for the message. */
  private static Set<String> knownCatalogs(SparkSession spark) {
    Set<String> names = new TreeSet<>(listedCatalogs(spark));
    names.add(SESSION_CATALOG);
    for (String key : CollectionConverters.asJava(spark.conf().getAll()).keySet()) {
      String rest = key.startsWith(CATALOG_PREFIX) ? key.substring(CATALOG_PREFIX.length()) : "";
      if (!rest.isEmpty() && !rest.contains(".")) {
        names.add(rest);
      }
    }
    return names;
  }
}
