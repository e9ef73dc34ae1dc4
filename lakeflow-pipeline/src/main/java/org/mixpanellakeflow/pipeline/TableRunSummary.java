package org.mixpanellakeflow.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.connect.IngestionType;

/**
 * What one run did to one table.
 *
 * @param sourceTable the connector's table name
 * @param destination the destination name ({@code catalog.schema.table} or a table name)
 * @param ingestionType the effective type (append when {@code scd_type} is APPEND_ONLY)
 * @param rowsRead rows read from the source in this run, over committed batches (deletions
 *     included)
 * @param rowsInTable rows in the destination table after the run
 * @param batches batches written in this run (1 for a snapshot)
 * @param elapsed time spent on the table
 * @param sourceMetrics the connector's read metrics summed over this run's reads of the table, by
 *     name (e.g. {@code apiRequests}), from every executor; empty when the connector declares none
 */
public record TableRunSummary(
    String sourceTable,
    String destination,
    IngestionType ingestionType,
    long rowsRead,
    long rowsInTable,
    long batches,
    Duration elapsed,
    Map<String, Long> sourceMetrics) {

  public TableRunSummary {
    Objects.requireNonNull(sourceTable, "sourceTable is null");
    Objects.requireNonNull(destination, "destination is null");
    Objects.requireNonNull(ingestionType, "ingestionType is null");
    Objects.requireNonNull(elapsed, "elapsed is null");
    sourceMetrics = Map.copyOf(Objects.requireNonNull(sourceMetrics, "sourceMetrics is null"));
    if (rowsRead < 0 || rowsInTable < 0 || batches < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /** One source metric of the run, 0 when the connector does not declare it. */
  public long sourceMetric(String name) {
    return sourceMetrics.getOrDefault(name, 0L);
  }
}
