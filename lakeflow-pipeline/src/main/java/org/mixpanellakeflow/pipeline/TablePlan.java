package org.mixpanellakeflow.pipeline;

import java.util.List;
import java.util.Map;
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
 * @param writeMode the writer that lands the table
 * @param primaryKeys the key columns, possibly nested paths
 * @param sequenceBy the column ordering versions of a key; empty for tables that need none
 * @param untrackedColumns the connector's columns whose change alone is not a new version
 * @param keyBackfills the connector's SQL expressions giving existing rows a key column added later
 * @param mergePruning whether MERGEs prune the target by the batch's sequence range: as the spec
 *     says, or on its own when the connector says a key's cursor never changes and the spec keeps
 *     the connector's keys and cursor
 * @param location the Delta table: a folder, or a table of the session's catalog
 * @param checkpointPath the streaming checkpoint's location
 */
record TablePlan(
    TableSpec spec,
    IngestionType ingestionType,
    WriteMode writeMode,
    List<String> primaryKeys,
    Optional<String> sequenceBy,
    List<String> untrackedColumns,
    Map<String, String> keyBackfills,
    MergePruning mergePruning,
    TableLocation location,
    String checkpointPath) {

  TablePlan {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(ingestionType, "ingestionType is null");
    Objects.requireNonNull(writeMode, "writeMode is null");
    primaryKeys = List.copyOf(primaryKeys);
    Objects.requireNonNull(sequenceBy, "sequenceBy is null");
    untrackedColumns = List.copyOf(untrackedColumns);
    keyBackfills = Map.copyOf(keyBackfills);
    Objects.requireNonNull(location, "location is null");
    Objects.requireNonNull(checkpointPath, "checkpointPath is null");
  }

  /** Merges spec and metadata, failing early on combinations the writers cannot honour. */
  static TablePlan of(
      TableSpec spec, TableMetadata metadata, TableLocation location, String checkpointPath) {
    IngestionType connectorType = metadata.ingestionType();
    boolean changeFeed =
        connectorType == IngestionType.CDC || connectorType == IngestionType.CDC_WITH_DELETES;
    IngestionType type =
        spec.scdType() == ScdType.APPEND_ONLY ? IngestionType.APPEND : connectorType;
    List<String> keys = spec.primaryKeys().isEmpty() ? metadata.primaryKeys() : spec.primaryKeys();
    Optional<String> sequence =
        spec.sequenceBy().or(() -> Optional.ofNullable(metadata.cursorField()));
    String table = "'" + spec.sourceTable() + "' (" + connectorType.wireName() + ")";
    WriteMode mode = writeMode(spec.scdType(), connectorType, table);
    if (changeFeed && keys.isEmpty()) {
      throw new PipelineException(
          "Table "
              + table
              + " has no primary keys to "
              + (mode == WriteMode.CHANGE_LOG ? "tell versions apart" : "merge on")
              + "; set table_configuration.primary_keys, e.g. [\"id\"]");
    }
    if (spec.mergePruning() == MergePruning.BY_SEQUENCE
        && mode != WriteMode.UPSERT
        && mode != WriteMode.CHANGE_LOG) {
      throw new PipelineException(
          "Table "
              + table
              + ": "
              + MergePruning.KEY
              + " applies only to cdc tables with scd_type SCD_TYPE_1 or APPEND_ONLY; remove it");
    }
    if (changeFeed && sequence.isEmpty()) {
      throw new PipelineException(
          "Table "
              + table
              + " has no cursor field to order changes by; set table_configuration.sequence_by");
    }
    boolean connectorsKeyAndCursor = spec.primaryKeys().isEmpty() && spec.sequenceBy().isEmpty();
    MergePruning pruning =
        spec.mergePruning() == MergePruning.NONE
                && metadata.sequenceFixedPerKey()
                && connectorsKeyAndCursor
                && (mode == WriteMode.UPSERT || mode == WriteMode.CHANGE_LOG)
            ? MergePruning.BY_SEQUENCE
            : spec.mergePruning();
    return new TablePlan(
        spec,
        type,
        mode,
        keys,
        sequence,
        metadata.untrackedColumns(),
        metadata.keyBackfills(),
        pruning,
        location,
        checkpointPath);
  }

  private static WriteMode writeMode(ScdType scdType, IngestionType connectorType, String table) {
    boolean changeFeed =
        connectorType == IngestionType.CDC || connectorType == IngestionType.CDC_WITH_DELETES;
    return switch (scdType) {
      case SCD_TYPE_1 ->
          changeFeed
              ? WriteMode.UPSERT
              : connectorType == IngestionType.SNAPSHOT ? WriteMode.SNAPSHOT : WriteMode.APPEND;
      case SCD_TYPE_2 -> {
        if (!changeFeed) {
          throw new PipelineException(
              "Table "
                  + table
                  + ": scd_type SCD_TYPE_2 is supported only for cdc and cdc_with_deletes tables"
                  + " so far; use SCD_TYPE_1 or APPEND_ONLY");
        }
        yield WriteMode.HISTORY;
      }
      // a change feed re-reads versions by design, so its log keeps one row per key and version
      case APPEND_ONLY -> changeFeed ? WriteMode.CHANGE_LOG : WriteMode.APPEND;
    };
  }

  String destination() {
    return spec.destinationName();
  }

  String sourceTable() {
    return spec.sourceTable();
  }
}
