package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.connector.RecordsAccess;

/**
 * The row path, per event: {@code ExportLines} hands each line's bytes to the connector's {@code
 * EventRowDecoder}, which fills the {@code InternalRow} in one pass without a tree. One parse of
 * the body; see {@link SpooledRowPath} for the spool around it.
 */
public class RowPath extends ExportToRows {

  @Override
  protected long toRows(ExportBody body, RowSink rows) throws IOException {
    long read = 0;
    try (ExportStream<InternalRow> events =
        ExportParsingAccess.lines(body.decoded(), RecordsAccess.rowDecoder(GENERATED_AT))) {
      while (events.hasNext()) {
        rows.accept(events.next());
        read++;
      }
    }
    return read;
  }
}
