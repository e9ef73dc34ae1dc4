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
 * Lands the tables of a pipeline spec as Delta tables under a warehouse directory, exactly once:
 * table {@code <warehouse>/<destination name>}, streaming checkpoint {@code
 * <warehouse>/_checkpoints/<destination name>}. A run that fails part-way can simply be run again:
 * committed batches are not read twice and replayed batches are written idempotently.
 *
 * <p>Tables are processed one after another in spec order; the first failure stops the run. Not
 * thread safe: run one pipeline per warehouse at a time.
 */
public final class PipelineRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

  private final SparkSession spark;
  private final String warehouse;

  public PipelineRunner(SparkSession spark, String warehouse) {
    this.spark = Objects.requireNonNull(spark, "spark is null");
    Objects.requireNonNull(warehouse, "warehouse is null");
    if (warehouse.isBlank()) {
      throw new IllegalArgumentException("warehouse is blank");
    }
    this.warehouse = warehouse;
  }

  /**
   * Reads the metadata of all tables, checks every table's plan, then ingests the tables in spec
   * order.
   *
   * @throws PipelineException for a bad spec/connection combination or a table that failed
   */
  public PipelineResult run(PipelineSpec spec, Connections connections) {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(connections, "connections is null");
    LakeflowSource source =
        new LakeflowSource(spark, connections.connection(spec.connectionName()));
    Map<String, TableMetadata> metadata = source.metadata(spec.tables());
    List<TablePlan> plans = new ArrayList<>();
    for (TableSpec table : spec.tables()) {
      plans.add(
          TablePlan.of(
              table,
              metadata.get(table.sourceTable()),
              tablePath(table.destinationName()),
              checkpointPath(table.destinationName())));
    }
    // every table is checked before any is read, so a refused table leaves all tables as they were
    List<Optional<KeyBackfill>> backfills = new ArrayList<>();
    for (TablePlan plan : plans) {
      backfills.add(KeyBackfill.check(spark, source, plan));
    }
    List<TableRunSummary> summaries = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      summaries.add(ingest(source, plans.get(i), backfills.get(i)));
    }
    return new PipelineResult(summaries);
  }

  /** Where the Delta table of {@code destination} lives. */
  public String tablePath(String destination) {
    return join(warehouse, destination);
  }

  /** Where the streaming checkpoint of {@code destination} lives. */
  public String checkpointPath(String destination) {
    return join(join(warehouse, "_checkpoints"), destination);
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
    DeltaTarget target =
        new DeltaTarget(spark, plan.tablePath(), plan.spec().clusterBy(), plan.sourceTable());
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

  static String join(String base, String child) {
    return (base.endsWith("/") ? base : base + "/") + child;
  }
}
