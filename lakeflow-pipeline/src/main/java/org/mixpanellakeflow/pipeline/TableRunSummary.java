package org.mixpanellakeflow.pipeline;

import java.time.Duration;
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
 */
public record TableRunSummary(
    String sourceTable,
    String destination,
    IngestionType ingestionType,
    long rowsRead,
    long rowsInTable,
    long batches,
    Duration elapsed) {

  public TableRunSummary {
    Objects.requireNonNull(sourceTable, "sourceTable is null");
    Objects.requireNonNull(destination, "destination is null");
    Objects.requireNonNull(ingestionType, "ingestionType is null");
    Objects.requireNonNull(elapsed, "elapsed is null");
    if (rowsRead < 0 || rowsInTable < 0 || batches < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
