package org.mixpanellakeflow.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a pipeline run: one summary per table, in spec order.
 *
 * @param tables the per-table summaries
 */
public record PipelineResult(List<TableRunSummary> tables) {

  public PipelineResult {
    tables = List.copyOf(Objects.requireNonNull(tables, "tables is null"));
  }

  /** The summary of the table landed at {@code destination}. */
  public TableRunSummary table(String destination) {
    return tables.stream()
        .filter(t -> t.destination().equals(destination))
        .findFirst()
        .orElseThrow(
            () ->
                new PipelineException(
                    "No table '"
                        + destination
                        + "' in this run (destinations: "
                        + String.join(
                            ", ", tables.stream().map(TableRunSummary::destination).toList())
                        + ")"));
  }

  public long rowsRead() {
    return tables.stream().mapToLong(TableRunSummary::rowsRead).sum();
  }
}
