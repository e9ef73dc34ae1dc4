package org.mixpanellakeflow.connect;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pipeline needs to know to write a table: its primary keys, its cursor (the sequence
 * column for {@code cdc}; {@code null} for snapshots) and its ingestion type.
 *
 * @param untrackedColumns columns whose value alone changing does not make a new version of a row,
 *     such as the time the connector read it; SCD type 2 ignores them when it compares versions
 * @param keyBackfills for key columns added after a table was first written: a Spark SQL expression
 *     over the row's other columns that gives an existing row the value the connector would give it
 *     now, so the pipeline can add the column to an older table instead of refusing it
 * @param sequenceFixedPerKey a key's cursor value never changes (the key is derived from it, as
 *     an event's key includes its time): a writer may then look for a key's stored row only among
 *     rows in the batch's cursor range
 */
public record TableMetadata(
    List<String> primaryKeys,
    String cursorField,
    IngestionType ingestionType,
    List<String> untrackedColumns,
    Map<String, String> keyBackfills,
    boolean sequenceFixedPerKey) {

  public TableMetadata {
    primaryKeys = List.copyOf(Objects.requireNonNull(primaryKeys, "primaryKeys is null"));
    Objects.requireNonNull(ingestionType, "ingestionType is null");
    untrackedColumns =
        List.copyOf(Objects.requireNonNull(untrackedColumns, "untrackedColumns is null"));
    keyBackfills = Map.copyOf(Objects.requireNonNull(keyBackfills, "keyBackfills is null"));
    for (String column : keyBackfills.keySet()) {
      if (!primaryKeys.contains(column)) {
        throw new IllegalArgumentException(
            "keyBackfills names '" + column + "', which is not one of the primary keys " + primaryKeys);
      }
    }
  }

  /** Metadata without untracked columns or key backfills. */
  public TableMetadata(List<String> primaryKeys, String cursorField, IngestionType ingestionType) {
    this(primaryKeys, cursorField, ingestionType, List.of(), Map.of(), false);
  }

  /** Metadata whose keys' cursor values may change. */
  public TableMetadata(
      List<String> primaryKeys,
      String cursorField,
      IngestionType ingestionType,
      List<String> untrackedColumns,
      Map<String, String> keyBackfills) {
    this(primaryKeys, cursorField, ingestionType, untrackedColumns, keyBackfills, false);
  }

  /** The same metadata with {@code columns} untracked. */
  public TableMetadata withUntrackedColumns(List<String> columns) {
    return new TableMetadata(
        primaryKeys, cursorField, ingestionType, columns, keyBackfills, sequenceFixedPerKey);
  }

  /** The same metadata with {@code backfills} for key columns added later. */
  public TableMetadata withKeyBackfills(Map<String, String> backfills) {
    return new TableMetadata(
        primaryKeys, cursorField, ingestionType, untrackedColumns, backfills, sequenceFixedPerKey);
  }

  /** The same metadata for a table whose keys' cursor values never change. */
  public TableMetadata withSequenceFixedPerKey() {
    return new TableMetadata(
        primaryKeys, cursorField, ingestionType, untrackedColumns, keyBackfills, true);
  }
}
