package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.connect.spark.RecordConverterAccess;
import org.mixpanellakeflow.connector.RecordsAccess;

/**
 * The production path today, per event, with the classes the Spark reader uses: {@code
 * ExportLines} parses a line into an {@code ExportedEvent} tree, {@code EventRecords.toRecord} makes
 * the record map, {@code RecordConverter.convert} the {@code InternalRow}. One parse of the body;
 * see {@link CurrentSpooledPath} for the check-then-replay the reader really does.
 */
public class CurrentTreePath extends ExportToRows {

  private final RecordConverterAccess converter =
      new RecordConverterAccess("events", RecordsAccess.eventsSchema());

  @Override
  protected long toRows(ExportBody body, RowSink rows) throws IOException {
    long read = 0;
    try (ExportStream events = ExportParsingAccess.lines(body.decoded())) {
      while (events.hasNext()) {
        rows.accept(converter.convert(RecordsAccess.eventRecord(events.next(), GENERATED_AT)));
        read++;
      }
    }
    return read;
  }
}
