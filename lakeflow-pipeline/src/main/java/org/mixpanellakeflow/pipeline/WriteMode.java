package org.mixpanellakeflow.pipeline;

/**
 * How the runner writes one table, decided by {@link TablePlan} from the connector's ingestion type
 * and the spec's {@code scd_type}. Each mode has its own writer class.
 */
enum WriteMode {
  /** {@code cdc}/{@code cdc_with_deletes} with SCD type 1: {@link UpsertWriter}. */
  UPSERT,
  /** {@code cdc}/{@code cdc_with_deletes} with SCD type 2: {@link HistoryWriter}. */
  HISTORY,
  /** {@code snapshot}: {@link SnapshotWriter}. */
  SNAPSHOT,
  /** {@code append}, or APPEND_ONLY on a snapshot table: {@link AppendWriter}. */
  APPEND,
  /** {@code cdc}/{@code cdc_with_deletes} with APPEND_ONLY: {@link ChangeLogWriter}. */
  CHANGE_LOG;

  /** Whether the writer matches rows on the primary keys, so the table must have them. */
  boolean matchesOnKeys() {
    return this != APPEND;
  }
}
