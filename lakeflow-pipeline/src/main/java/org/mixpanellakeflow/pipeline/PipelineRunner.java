package org.mixpanellakeflow.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.connect.TableMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands the tables of a pipeline spec as Delta tables, exactly once. A table whose spec names both
 * {@code destination_catalog} and {@code destination_schema} is a table of the Spark session's
 * catalog, {@code catalog.schema.table} (the schema is created if missing); any other table is a
 * folder, {@code <warehouse>/<destination_table>}. Each table's streaming checkpoint is {@code
 * <checkpoint root>/<destination name>}, the root being {@code <warehouse>/_checkpoints} unless
 * set. A run that fails part-way can simply be run again: committed batches are not read twice and
 * replayed batches are written idempotently.
 *
 * <p>Tables are processed one after another in spec order; the first failure stops the run. Not
 * thread safe: run one pipeline per warehouse at a time. Immutable: the {@code with...} methods
 * return a new runner.
 */
public final class PipelineRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

  private final SparkSession spark;
  private final String warehouse;
  private final String checkpointRoot;
  private final boolean catalogTablesAsFolders;

  /**
   * A runner landing folder tables under {@code warehouse} and checkpoints under {@code
   * <warehouse>/_checkpoints}.
   */
  public PipelineRunner(SparkSession spark, String warehouse) {
    this(spark, requirePath(warehouse, "warehouse"), join(warehouse, "_checkpoints"), false);
  }

  private PipelineRunner(
      SparkSession spark, String warehouse, String checkpointRoot, boolean catalogTablesAsFolders) {
    this.spark = Objects.requireNonNull(spark, "spark is null");
    this.warehouse = warehouse;
    this.checkpointRoot = checkpointRoot;
    this.catalogTablesAsFolders = catalogTablesAsFolders;
  }

  /**
   * This runner with every table's streaming checkpoint under {@code checkpointRoot} instead of
   * {@code <warehouse>/_checkpoints}: any Hadoop path, e.g. a Unity Catalog volume ({@code
   * /Volumes/main/mixpanel/state}) on Databricks. A checkpoint is tied to its table: keep the root
   * from run to run.
   */
  public PipelineRunner withCheckpointRoot(String checkpointRoot) {
    return new PipelineRunner(
        spark, warehouse, requirePath(checkpointRoot, "checkpointRoot"), catalogTablesAsFolders);
  }

  /**
   * This runner landing every table as a folder under the warehouse, also those whose spec names a
   * catalog and schema ({@code <warehouse>/<catalog>.<schema>.<table>}): for sessions whose catalog
   * does not outlive them, such as the command line's local session.
   */
  public PipelineRunner withCatalogTablesAsFolders() {
    return new PipelineRunner(spark, warehouse, checkpointRoot, true);
  }

  /**
   * Checks every destination, reads the metadata of all tables, checks every table's plan, then
   * ingests the tables in spec order.
   *
   * @throws PipelineException for a bad spec/connection combination, a destination that cannot be
   *     written, or a table that failed
   */
  public PipelineResult run(PipelineSpec spec, Connections connections) {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(connections, "connections is null");
    if (!catalogTablesAsFolders) {
      // before anything is read: a catalog name Spark does not know would be read as a schema
      DestinationChecks.requireUsableCatalogs(spark, spec.tables());
    }
    LakeflowSource source =
        new LakeflowSource(spark, connections.connection(spec.connectionName()));
    Map<String, TableMetadata> metadata = source.metadata(spec.tables());
    List<TablePlan> plans = new ArrayList<>();
    for (TableSpec table : spec.tables()) {
      plans.add(
          TablePlan.of(
              table,
              metadata.get(table.sourceTable()),
              location(table),
              checkpointPath(table.destinationName())));
    }
    // every table is checked before any is read, so a refused table leaves all tables as they were
    List<Optional<KeyBackfill>> backfills = new ArrayList<>();
    for (TablePlan plan : plans) {
      DestinationChecks.requireTableOfCheckpoint(spark, plan, DeltaTarget.of(spark, plan));
      backfills.add(KeyBackfill.check(spark, source, plan));
    }
    List<TableRunSummary> summaries = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      summaries.add(ingest(source, plans.get(i), backfills.get(i)));
    }
    return new PipelineResult(summaries);
  }

  /** Where the folder table named {@code destination} lives: {@code <warehouse>/<destination>}. */
  public String tablePath(String destination) {
    return join(warehouse, destination);
  }

  /**
   * Where the streaming checkpoint of {@code destination} ({@link TableSpec#destinationName()},
   * {@code catalog.schema.table} for a catalog table) lives.
   */
  public String checkpointPath(String destination) {
    return join(checkpointRoot, destination);
  }

  private TableLocation location(TableSpec table) {
    if (table.catalogTable().isPresent() && !catalogTablesAsFolders) {
      return new TableLocation.InCatalog(table.catalogTable().get());
    }
    return new TableLocation.Folder(tablePath(table.destinationName()));
  }

  private TableRunSummary ingest(
      LakeflowSource source, TablePlan plan, Optional<KeyBackfill> backfill) {
    LOG.info(
        "Ingesting '{}' ({}, {}) into '{}': keys {}, sequence {}",
        plan.sourceTable(),
        plan.ingestionType().wireName(),
        plan.writeMode(),
        plan.destination(),
        plan.primaryKeys(),
        plan.sequenceBy().orElse("none"));
    long started = System.nanoTime();
    DeltaTarget target = DeltaTarget.of(spark, plan);
    SourceMetricSums.Measured<MicroBatches.Totals> measured;
    try {
      backfill.ifPresent(b -> b.apply(spark));
      measured =
          SourceMetricSums.measure(
              spark.sparkContext(),
              source.readMetrics(plan.sourceTable()),
              () ->
                  switch (plan.writeMode()) {
                    case UPSERT -> UpsertWriter.run(source, plan, target);
                    case HISTORY -> HistoryWriter.run(source, plan, target);
                    case SNAPSHOT -> SnapshotWriter.run(source, plan, target);
                    case APPEND -> AppendWriter.run(source, plan, target);
                    case CHANGE_LOG -> ChangeLogWriter.run(source, plan, target);
                  });
    } catch (RuntimeException e) {
      throw new PipelineException(
          "Cannot ingest source table '"
              + plan.sourceTable()
              + "' into '"
              + plan.destination()
              + "' (committed batches are kept; fix the cause and run again): "
              + e.getMessage(),
          e);
    }
    MicroBatches.Totals totals = measured.result();
    TableRunSummary summary =
        new TableRunSummary(
            plan.sourceTable(),
            plan.destination(),
            plan.ingestionType(),
            totals.rows(),
            target.rowCount(),
            totals.batches(),
            Duration.ofNanos(System.nanoTime() - started),
            measured.metrics());
    LOG.info(
        "Ingested '{}' into '{}': {} rows read in {} batches, {} rows in table, {} ms, source {}",
        summary.sourceTable(),
        summary.destination(),
        summary.rowsRead(),
        summary.batches(),
        summary.rowsInTable(),
        summary.elapsed().toMillis(),
        summary.sourceMetrics());
    return summary;
  }

  private static String requirePath(String path, String name) {
    Objects.requireNonNull(path, name + " is null");
    if (path.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
    return path;
  }

  static String join(String base, String child) {
    return (base.endsWith("/") ? base : base + "/") + child;
  }
}
