package org.mixpanellakeflow.connect.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.Offsets;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableRead;
import org.mixpanellakeflow.connect.spark.SourceOptions.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads through {@link LakeflowConnect#readTable} (or {@code readTableDeletes}) on the driver. This
 * is the fallback for connectors without partitioned reads and for delete flows: every record
 * passes through the driver's memory, so it suits small tables only.
 */
final class DriverReads {

  private static final Logger LOG = LoggerFactory.getLogger(DriverReads.class);

  private DriverReads() {}

  /** One call of readTable or readTableDeletes, as the spec's flow says. */
  static TableRead read(LakeflowConnect connector, ConnectorSpec spec, Map<String, Object> start) {
    return spec.flow() == Flow.DELETES
        ? connector.readTableDeletes(spec.tableName(), start, spec.options())
        : connector.readTable(spec.tableName(), start, spec.options());
  }

  /**
   * The whole table: reads from a null offset, feeding each end offset back in, until the end
   * offset equals the start or is null (a snapshot returns everything in one call).
   */
  static List<InternalRow> readAll(
      LakeflowConnect connector, ConnectorSpec spec, RecordConverter converter) {
    List<InternalRow> rows = new ArrayList<>();
    Map<String, Object> start = null;
    int calls = 0;
    while (true) {
      TableRead read = read(connector, spec, start);
      calls++;
      collect(read.records(), converter, rows);
      Map<String, Object> end = read.endOffset();
      if (end == null || Offsets.toJson(end).equals(Offsets.toJson(start))) {
        break;
      }
      start = end;
    }
    LOG.info(
        "Read {} records of table {} ({}) on the driver in {} calls",
        rows.size(),
        spec.tableName(),
        spec.flow(),
        calls);
    return rows;
  }

  static void collect(RecordIterator records, RecordConverter converter, List<InternalRow> rows) {
    try (records) {
      while (records.hasNext()) {
        rows.add(converter.convert(records.next()));
      }
    }
  }
}
