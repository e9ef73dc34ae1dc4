package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.client.ExportedEvent;
import org.mixpanellakeflow.connector.RecordsAccess;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Breakdown of {@link CurrentTreePath}, first two steps: the trees of {@link CurrentTreeParseOnly}
 * turned into {@code events} records by {@code EventRecords.toRecord} (property split, custom
 * properties as JSON text, the SHA-256 event key), without the conversion to Spark rows.
 */
public class CurrentTreeToRecord extends ExportBenchmark {

  @Override
  protected long read(ExportBody body, Blackhole blackhole) throws IOException {
    long read = 0;
    try (ExportStream<ExportedEvent> events = ExportParsingAccess.lines(body.decoded())) {
      while (events.hasNext()) {
        blackhole.consume(RecordsAccess.eventRecord(events.next(), ExportToRows.GENERATED_AT));
        read++;
      }
    }
    return read;
  }
}
