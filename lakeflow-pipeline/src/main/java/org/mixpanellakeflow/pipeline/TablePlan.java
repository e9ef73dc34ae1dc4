package org.mixpanellakeflow.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * What the runner does with one table: the spec merged with the connector's metadata (the spec's
 * {@code primary_keys}, {@code sequence_by} and {@code scd_type} win), and where it lands.
 *
 * @param spec the table's entry in the pipeline spec
 * @param ingestionType the effective type; {@code APPEND_ONLY} turns any type into append
 * @param primaryKeys the key columns, possibly nested paths
 * @param sequenceBy the column ordering versions of a key; empty for tables that need none
 * @param tablePath the Delta table's location
 * @param checkpointPath the streaming checkpoint's location
 */
record TablePlan(
    TableSpec spec,
    IngestionType ingestionType,
    List<String> primaryKeys,
    Optional<String> sequenceBy,
    String tablePath,
    String checkpointPath) {

  TablePlan {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(ingestionType, "ingestionType is null");
    primaryKeys = List.copyOf(primaryKeys);
    Objects.requireNonNull(sequenceBy, "sequenceBy is null");
    Objects.requireNonNull(tablePath, "tablePath is null");
    Objects.requireNonNull(checkpointPath, "checkpointPath is null");
  }

  /** Merges spec and metadata, failing early on combinations the writers cannot honour. */
  static TablePlan of(
      TableSpec spec, TableMetadata metadata, String tablePath, String checkpointPath) {
    IngestionType type =
        spec.scdType() == ScdType.APPEND_ONLY ? IngestionType.APPEND : metadata.ingestionType();
    List<String> keys = spec.primaryKeys().isEmpty() ? metadata.primaryKeys() : spec.primaryKeys();
    Optional<String> sequence =
        spec.sequenceBy().or(() -> Optional.ofNullable(metadata.cursorField()));
    String table = "'" + spec.sourceTable() + "' (" + type.wireName() + ")";
    boolean changeFeed = type == IngestionType.CDC || type == IngestionType.CDC_WITH_DELETES;
    if (changeFeed && keys.isEmpty()) {
      throw new PipelineException(
          "Table "
              + table
              + " has no primary keys to merge on; set table_configuration.primary_keys, e.g."
              + " [\"id\"]");
    }
    if (changeFeed && sequence.isEmpty()) {
      throw new PipelineException(
          "Table "
              + table
              + " has no cursor field to order changes by; set table_configuration.sequence_by");
    }
    if (spec.scdType() == ScdType.SCD_TYPE_2 && !changeFeed) {
      throw new PipelineException(
          "Table "
              + table
              + ": scd_type SCD_TYPE_2 is supported only for cdc and cdc_with_deletes tables so"
              + " far; use SCD_TYPE_1 or APPEND_ONLY");
    }
    return new TablePlan(spec, type, keys, sequence, tablePath, checkpointPath);
  }

  String destination() {
    return spec.destinationName();
  }

  String sourceTable() {
    return spec.sourceTable();
  }
}
