package org.mixpanellakeflow.client;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an export body into a file in full, still compressed when the server sent gzip, and checks
 * it on the way in: every line is parsed, so a body cut short, a connection lost or a malformed
 * line is found before any event is handed out. Only a complete body becomes an {@link
 * ExportStream}, which replays the file and deletes it on close. A failed check throws inside the
 * transport's {@code read}, so truncations and lost connections retry the whole request.
 */
final class ExportSpool implements RetryingTransport.BodyReader<ExportStream> {

  private static final Logger LOG = LoggerFactory.getLogger(ExportSpool.class);
  private static final int FILE_BUFFER_BYTES = 64 * 1024;

  private final Path directory;
  private final OnMalformedLine onMalformedLine;
  private final MixpanelErrors errors;
  private final StatsRecorder stats;
  private final String endpoint;
  private final String context;
  private final long maxEvents;

  ExportSpool(
      Path directory,
      OnMalformedLine onMalformedLine,
      MixpanelErrors errors,
      StatsRecorder stats,
      String endpoint,
      String context,
      long maxEvents) {
    this.directory = Objects.requireNonNull(directory, "spool directory is null");
    this.onMalformedLine = Objects.requireNonNull(onMalformedLine, "onMalformedLine is null");
    this.errors = Objects.requireNonNull(errors, "errors is null");
    this.stats = Objects.requireNonNull(stats, "stats is null");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint is null");
    this.context = Objects.requireNonNull(context, "context is null");
    this.maxEvents = maxEvents;
  }

  @Override
  public ExportStream read(ResponseBody body, int attempt) throws IOException {
    Files.createDirectories(directory);
    Path file =
        Files.createTempFile(directory, "mixpanel-export-", body.isGzip() ? ".jsonl.gz" : ".jsonl");
    boolean handedOut = false;
    try {
      ExportLines checked = download(body, file, attempt);
      stats.lines(checked.malformedLines(), checked.rejoinedLines());
      LOG.debug(
          "Spooled Mixpanel {} ({}): {} lines, {} bytes in {}",
          endpoint,
          context,
          checked.lineNumber(),
          Files.size(file),
          file);
      InputStream replayed = Files.newInputStream(file);
      ExportStream stream;
      try {
        InputStream decoded = body.isGzip() ? ResponseBody.gunzip(replayed) : replayed;
        ExportLines lines =
            new ExportLines(
                decoded,
                onMalformedLine,
                ExportLines.Reporting.QUIET,
                errors,
                endpoint,
                context,
                attempt);
        stream = new ExportStream(decoded, lines, () -> delete(file));
      } catch (IOException | RuntimeException e) {
        RetryingTransport.closeQuietly(replayed);
        throw e;
      }
      try {
        stream.readFirst();
      } catch (IOException | RuntimeException e) {
        stream.close();
        throw e;
      }
      handedOut = true;
      return stream;
    } finally {
      if (!handedOut) {
        delete(file);
      }
    }
  }

  /** Copies the raw body to {@code file} while parsing every line of it; returns the counts. */
  private ExportLines download(ResponseBody body, Path file, int attempt) throws IOException {
    try (InputStream raw = body.raw();
        OutputStream out =
            new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES)) {
      InputStream copied = new CopyingStream(raw, out);
      InputStream decoded = body.isGzip() ? ResponseBody.gunzip(copied) : copied;
      ExportLines lines =
          new ExportLines(
              decoded,
              onMalformedLine,
              ExportLines.Reporting.LOG_SKIPPED,
              errors,
              endpoint,
              context,
              attempt);
      long events = 0;
      while (lines.next() != null) {
        // parsing is the check; the events are read again from the file
        if (++events > maxEvents) {
          throw new ExportTooLargeException(endpoint, context, maxEvents, attempt);
        }
      }
      // bytes after the last line, such as the end of a gzip trailer, belong in the file too
      copied.transferTo(OutputStream.nullOutputStream());
      return lines;
    }
  }

  private void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete the export spool file {}; remove it by hand", file, e);
    }
  }

  /** Writes every byte read through it to {@code copy}. */
  private static final class CopyingStream extends FilterInputStream {
    private final OutputStream copy;

    CopyingStream(InputStream in, OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        copy.write(buffer, offset, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // skipped bytes would be missing from the copy
      int chunk = (int) Math.min(Math.max(n, 0), 8192);
      return Math.max(read(new byte[chunk], 0, chunk), 0);
    }
  }
}
