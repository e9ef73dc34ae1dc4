package org.mixpanellakeflow.connect;

import java.util.List;
import java.util.Map;

/**
 * Optional capability of a {@link LakeflowConnect}: reads split into partitions that executors
 * read on their own. Without it, the Spark source reads on the driver through {@link
 * LakeflowConnect#readTable}.
 *
 * <p>Partition descriptors hold primitive values only (strings, numbers, booleans); they travel to
 * executors, which build their own connector from the options and call {@link #readPartition}.
 *
 * <p>A connector with this capability reads every table through it, snapshots included (a batch
 * read calls {@code getPartitions(table, options, null, null)}; one partition is fine). Only delete
 * flows ({@code isDeleteFlow=true}) go through {@link LakeflowConnect#readTableDeletes} on the
 * driver. Streams call {@link #initialOffset} at most once per checkpoint and {@link
 * #getPartitions} once per micro-batch on the driver.
 */
public interface SupportsPartitionedReads {

  /**
   * The offset a first read starts from, pinned once: the Spark source persists it in the
   * checkpoint so that a restart before the first commit starts from the same place.
   */
  Map<String, Object> initialOffset(String tableName, Map<String, String> tableOptions);

  /**
   * The newest offset available now, reading from {@code start}. Micro-batch sizing (window size,
   * {@code max_records_per_batch}) is the connector's job. Must converge: once the connector's
   * frozen upper bound is reached it returns {@code start} itself.
   */
  Map<String, Object> latestOffset(
      String tableName, Map<String, String> tableOptions, Map<String, Object> start);

  /**
   * As {@link #latestOffset(String, Map, Map)}, for a micro-batch of at most about {@code
   * maxRecords} records: Spark's read limit ({@code maxRowsPerTrigger}). A connector that cannot
   * resume inside its unit of reading (a day, a page) honours it at that unit, and reads at least
   * one unit so the stream moves; it says so in its documentation. {@link Long#MAX_VALUE} means no
   * limit. By default the limit is ignored.
   */
  default Map<String, Object> latestOffset(
      String tableName,
      Map<String, String> tableOptions,
      Map<String, Object> start,
      long maxRecords) {
    return latestOffset(tableName, tableOptions, start);
  }

  /**
   * The partitions covering {@code (start, end]}. Both are {@code null} for a batch read of the
   * whole table; empty when {@code start.equals(end)}. Planning the same offsets twice returns the
   * same partitions.
   */
  List<Map<String, Object>> getPartitions(
      String tableName,
      Map<String, String> tableOptions,
      Map<String, Object> start,
      Map<String, Object> end);

  /** The records of one partition; runs on an executor and must be self-contained. */
  RecordIterator readPartition(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions);

  /**
   * On the driver, before the next {@link #latestOffset}: the non-empty {@link
   * RecordIterator#report()}s of partitions read since the last call, from whichever executor read
   * them. A partition Spark read twice (a retried task, a scan run twice) may report twice, and a
   * failed task's report is lost, so fold reports idempotently (a maximum, a set) and never count
   * on one. What the driver must keep across runs belongs in the next offset.
   */
  default void partitionsReported(
      String tableName, Map<String, String> tableOptions, List<Map<String, Object>> reports) {}
}
