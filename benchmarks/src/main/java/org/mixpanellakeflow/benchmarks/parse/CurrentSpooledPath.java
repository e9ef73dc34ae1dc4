package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mixpanellakeflow.client.ExportLineDecoder;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.client.ExportedEvent;
import org.mixpanellakeflow.connect.spark.RecordConverterAccess;
import org.mixpanellakeflow.connector.RecordsAccess;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The record path behind the spool: {@code ExportSpool} copies the raw (still gzipped) body to a
 * spool file while checking how it ends, then replays the file through {@code ExportLines}, and
 * each event becomes a row as in {@link CurrentTreePath}. The body is gunzipped twice and parsed
 * once, and written to and read from the spool directory (the system temp directory; usually the
 * page cache) once. Compare {@link SpooledRowPath}, what a Spark partition reader does.
 */
public class CurrentSpooledPath extends ExportToRows {

  private final RecordConverterAccess converter =
      new RecordConverterAccess("events", RecordsAccess.eventsSchema());
  private Path spoolDir;

  @Setup(Level.Trial)
  public void createSpoolDir() throws IOException {
    spoolDir = Files.createTempDirectory("mixpanel-lakeflow-bench-spool-");
  }

  @TearDown(Level.Trial)
  public void deleteSpoolDir() {
    try {
      Files.deleteIfExists(spoolDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the spool directory " + spoolDir, e);
    }
  }

  @Override
  protected long toRows(ExportBody body, RowSink rows) throws IOException {
    long read = 0;
    try (ExportStream<ExportedEvent> events = ExportParsingAccess.spooled(body.raw(), body.isGzip(), spoolDir, ExportLineDecoder.EVENTS)) {
      while (events.hasNext()) {
        rows.accept(converter.convert(RecordsAccess.eventRecord(events.next(), GENERATED_AT)));
        read++;
      }
    }
    return read;
  }
}
