package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.client.ExportedEvent;
import org.mixpanellakeflow.connect.spark.RecordConverterAccess;
import org.mixpanellakeflow.connector.RecordsAccess;

/**
 * The record path, per event: {@code ExportLines} parses a line into an {@code ExportedEvent}
 * tree, {@code EventRecords.toRecord} makes the record map, {@code RecordConverter.convert} the
 * {@code InternalRow}. What Spark read before the row path ({@link RowPath}), and what hosts of
 * the connector other than the Spark source still use. One parse of the body.
 */
public class CurrentTreePath extends ExportToRows {

  private final RecordConverterAccess converter =
      new RecordConverterAccess("events", RecordsAccess.eventsSchema());

  @Override
  protected long toRows(ExportBody body, RowSink rows) throws IOException {
    long read = 0;
    try (ExportStream<ExportedEvent> events = ExportParsingAccess.lines(body.decoded())) {
      while (events.hasNext()) {
        rows.accept(converter.convert(RecordsAccess.eventRecord(events.next(), GENERATED_AT)));
        read++;
      }
    }
    return read;
  }
}
