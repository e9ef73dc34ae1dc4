package org.mixpanellakeflow.connect;

import java.util.List;
import java.util.Objects;

/**
 * What the pipeline needs to know to write a table: its primary keys, its cursor (the sequence
 * column for {@code cdc}; {@code null} for snapshots) and its ingestion type.
 */
public record TableMetadata(List<String> primaryKeys, String cursorField, IngestionType ingestionType) {

  public TableMetadata {
    primaryKeys = List.copyOf(Objects.requireNonNull(primaryKeys, "primaryKeys is null"));
    Objects.requireNonNull(ingestionType, "ingestionType is null");
  }
}
