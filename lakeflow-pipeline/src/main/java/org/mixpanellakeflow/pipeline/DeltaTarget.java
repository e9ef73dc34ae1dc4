package org.mixpanellakeflow.pipeline;

import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta table the pipeline writes, either a folder ({@link TableLocation.Folder}, reached by
 * path) or a catalog table ({@link TableLocation.InCatalog}, reached by name through the session's
 * catalog, which is how Unity Catalog and a Hive metastore see it). It is created on first use,
 * with its clustering, and every read and write of the writers goes through here, so that they work
 * the same for both. One instance per table and run; not thread safe.
 */
final class DeltaTarget {

  private static final Logger LOG = LoggerFactory.getLogger(DeltaTarget.class);

  private final SparkSession spark;
  private final TableLocation location;
  private final List<String> clusterBy;
  private final String sourceTable;
  private boolean hasFiles;
  private String logPath;

  DeltaTarget(
      SparkSession spark, TableLocation location, List<String> clusterBy, String sourceTable) {
    this.spark = Objects.requireNonNull(spark, "spark is null");
    this.location = Objects.requireNonNull(location, "location is null");
    this.clusterBy = List.copyOf(clusterBy);
    this.sourceTable = Objects.requireNonNull(sourceTable, "sourceTable is null");
  }

  /** The target of {@code plan}, with the plan's clustering. */
  static DeltaTarget of(SparkSession spark, TablePlan plan) {
    return new DeltaTarget(spark, plan.location(), plan.spec().clusterBy(), plan.sourceTable());
  }

  /**
   * Creates the table with {@code schema} unless it exists, and for a catalog table its schema
   * unless that exists. Creating the table before any data arrives means a source with nothing to
   * read still yields a queryable table with the right columns.
   */
  void ensureExists(StructType schema) {
    if (exists()) {
      return;
    }
    List<String> clustering =
        clusterBy.stream()
            // parsed as SQL identifiers, so Mixpanel's $-names must be back-quoted
            .map(c -> ColumnPath.require(schema, c, "cluster_by", sourceTable).quoted())
            .toList();
    if (location instanceof TableLocation.Folder folder) {
      DeltaTableBuilder builder =
          DeltaTable.createIfNotExists(spark).location(folder.path()).addColumns(schema);
      if (!clustering.isEmpty()) {
        builder = builder.clusterBy(clustering.toArray(String[]::new));
      }
      builder.execute();
      return;
    }
    CatalogTableName name = ((TableLocation.InCatalog) location).name();
    if (!spark.catalog().databaseExists(name.quotedSchema())) {
      spark.sql("CREATE SCHEMA IF NOT EXISTS " + name.quotedSchema());
      LOG.info(
          "Created the schema '{}.{}' for source table '{}'",
          name.catalog(),
          name.schema(),
          sourceTable);
    }
    // SQL, not DeltaTable.createIfNotExists: Delta 4.0's builder parses its table name as at most
    // schema.table, so it cannot name the catalog (delta-io/delta#2793)
    spark.sql(
        "CREATE TABLE IF NOT EXISTS "
            + name.quoted()
            + " ("
            + schema.toDDL()
            + ") USING delta"
            + (clustering.isEmpty() ? "" : " CLUSTER BY (" + String.join(", ", clustering) + ")"));
    LOG.info("Created the Delta table '{}' for source table '{}'", name, sourceTable);
  }

  DeltaTable table() {
    return table(spark);
  }

  /** The table as seen by {@code session}, e.g. a micro-batch's, whose settings its DML uses. */
  DeltaTable table(SparkSession session) {
    if (location instanceof TableLocation.Folder folder) {
      return DeltaTable.forPath(session, folder.path());
    }
    return DeltaTable.forName(session, location.sqlName());
  }

  /** The table's rows as of now. */
  Dataset<Row> read() {
    if (location instanceof TableLocation.Folder folder) {
      return spark.read().format("delta").load(folder.path());
    }
    return spark.table(location.sqlName());
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

  TableLocation location() {
    return location;
  }

  /** The path or {@code catalog.schema.table}, for messages and logs. */
  String name() {
    return location.describe();
  }

  /**
   * Where the table's files and Delta log are: the folder, or the location the catalog gives the
   * table (asked once; a table keeps its location while it exists).
   */
  String logPath() {
    if (logPath == null) {
      logPath =
          location instanceof TableLocation.Folder folder
              ? folder.path()
              : table().detail().select("location").first().getString(0);
    }
    return logPath;
  }

  /** The stored table's schema; the table must exist. */
  StructType schema() {
    return read().schema();
  }

  /** Whether the table exists yet. */
  boolean exists() {
    if (location instanceof TableLocation.Folder folder) {
      return DeltaTable.isDeltaTable(spark, folder.path());
    }
    return spark.catalog().tableExists(location.sqlName());
  }

  long rowCount() {
    return read().count();
  }

  /** Appends {@code rows} with the Delta write {@code options}, in the rows' own session. */
  void append(Dataset<Row> rows, Map<String, String> options) {
    if (location instanceof TableLocation.Folder folder) {
      rows.write().format("delta").mode("append").options(options).save(folder.path());
      return;
    }
    try {
      rows.writeTo(location.sqlName()).options(options).append();
    } catch (NoSuchTableException e) {
      throw missing(e);
    }
  }

  /** Replaces the table's rows by {@code rows}, keeping the table itself (schema, clustering). */
  void overwrite(Dataset<Row> rows) {
    if (location instanceof TableLocation.Folder folder) {
      rows.write().format("delta").mode("overwrite").save(folder.path());
      return;
    }
    try {
      rows.writeTo(location.sqlName()).overwrite(lit(true));
    } catch (NoSuchTableException e) {
      throw missing(e);
    }
  }

  private PipelineException missing(NoSuchTableException e) {
    return new PipelineException(
        "The Delta table '"
            + name()
            + "' of source table '"
            + sourceTable
            + "' no longer exists: it was dropped during the run",
        e);
  }
}
