package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.connector.RecordsAccess;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a Spark partition reader does per export response: {@code ExportSpool} copies the raw
 * (still gzipped) body to a spool file while checking how it ends, then replays the file and the
 * connector's {@code EventRowDecoder} turns each line into an {@code InternalRow} in one pass. The
 * body is gunzipped twice and parsed once.
 */
public class SpooledRowPath extends ExportToRows {

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
    try (ExportStream<InternalRow> events =
        ExportParsingAccess.spooled(
            body.raw(), body.isGzip(), spoolDir, RecordsAccess.rowDecoder(GENERATED_AT))) {
      while (events.hasNext()) {
        rows.accept(events.next());
        read++;
      }
    }
    return read;
  }
}
