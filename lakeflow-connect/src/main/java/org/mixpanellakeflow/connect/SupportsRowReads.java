package org.mixpanellakeflow.connect;

import java.util.Map;

/**
 * Optional capability of a {@link SupportsPartitionedReads} connector: a partition read straight
 * into Spark's internal rows, for tables where building a record tree per row first would cost
 * more than the parsing itself (wide, voluminous tables such as events). The Spark source prefers
 * it when offered and falls back to {@link SupportsPartitionedReads#readPartition} otherwise; the
 * record path stays the contract's simple way, and what other hosts of the connector use.
 *
 * <p>The rows must match the table's schema ({@link LakeflowConnect#getTableSchema}) exactly and
 * hold the same values the record path would give after the source's conversion, so a table reads
 * the same either way.
 */
public interface SupportsRowReads {

  /**
   * The rows of one partition, or {@code null} when this table has no row path (the source then
   * reads records). Runs on an executor and must be self-contained, like {@link
   * SupportsPartitionedReads#readPartition}.
   */
  RowIterator readPartitionRows(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions);
}
