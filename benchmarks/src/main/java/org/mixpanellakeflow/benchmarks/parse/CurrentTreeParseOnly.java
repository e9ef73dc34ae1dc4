package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.client.ExportedEvent;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Breakdown of {@link CurrentTreePath}, first step only: {@code ExportLines} splits the body into
 * lines and parses each into an {@code ExportedEvent} tree (maps, lists, Longs, Strings). The gap to
 * {@link TokenizeOnly} is the cost of building the trees.
 */
public class CurrentTreeParseOnly extends ExportBenchmark {

  @Override
  protected long read(ExportBody body, Blackhole blackhole) throws IOException {
    long read = 0;
    try (ExportStream<ExportedEvent> events = ExportParsingAccess.lines(body.decoded())) {
      while (events.hasNext()) {
        blackhole.consume(events.next());
        read++;
      }
    }
    return read;
  }
}
