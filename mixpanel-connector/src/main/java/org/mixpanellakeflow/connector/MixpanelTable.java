package org.mixpanellakeflow.connector;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.RowIterator;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * One table of the connector: its schema and metadata, how its offsets advance and how it splits
 * into partitions. Implementations are cheap to build and keep no state beyond a read context.
 */
interface MixpanelTable {

  String name();

  StructType schema();

  TableMetadata metadata();

  /** The first offset of the very first read; {@code null} for snapshots. */
  Map<String, Object> initialOffset(ReadContext context);

  /** The newest offset from {@code start}; {@code start} itself when there is nothing new. */
  default Map<String, Object> latestOffset(ReadContext context, Map<String, Object> start) {
    return latestOffset(context, start, Long.MAX_VALUE);
  }

  /**
   * As {@link #latestOffset(ReadContext, Map)} for a batch of about {@code maxRecords} records at
   * most ({@link Long#MAX_VALUE}: no limit), honoured at the table's unit of reading.
   */
  Map<String, Object> latestOffset(ReadContext context, Map<String, Object> start, long maxRecords);

  /** Where a stream that consumed up to {@code offset} (null: nothing yet) stands. */
  default Map<String, String> progressMetrics(ReadContext context, Map<String, Object> offset) {
    return Map.of();
  }

  /** Partitions covering (start, end]; both null for a whole-table batch read. */
  List<Map<String, Object>> partitions(
      ReadContext context, Map<String, Object> start, Map<String, Object> end);

  RecordIterator read(ReadContext context, Map<String, Object> partition);

  /** The partition as Spark rows, or {@code null} when the table has only the record path. */
  default RowIterator readRows(ReadContext context, Map<String, Object> partition) {
    return null;
  }
}
