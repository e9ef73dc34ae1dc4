package org.mixpanellakeflow.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an export body into a file in full, still compressed when the server sent gzip, and checks
 * on the way in what a body cut short shows, without parsing every line: the connection or the
 * gzip stream ending early, a {@code terminated early} marker, and a last line that is not complete
 * JSON. So a truncated body is found before any event is handed out, at the cost of one scan for
 * line ends rather than a second full parse. Only a complete body becomes an {@link ExportStream},
 * which replays the file, decodes each line once with the caller's {@link ExportLineDecoder}
 * (malformed lines in the middle are found there, per {@link OnMalformedLine}), and deletes the
 * file on close. A failed check throws inside the transport's {@code read}, so truncations and
 * lost connections retry the whole request.
 */
final class ExportSpool<T> implements RetryingTransport.BodyReader<ExportStream<T>> {

  private static final Logger LOG = LoggerFactory.getLogger(ExportSpool.class);
  private static final int FILE_BUFFER_BYTES = 64 * 1024;

  private static final String TERMINATED_EARLY = "terminated early";

  private final Path directory;
  private final ExportLineDecoder<T> decoder;
  private final OnMalformedLine onMalformedLine;
  private final MixpanelErrors errors;
  private final StatsRecorder stats;
  private final String endpoint;
  private final String context;
  private final long maxEvents;

  ExportSpool(
      Path directory,
      ExportLineDecoder<T> decoder,
      OnMalformedLine onMalformedLine,
      MixpanelErrors errors,
      StatsRecorder stats,
      String endpoint,
      String context,
      long maxEvents) {
    this.directory = Objects.requireNonNull(directory, "spool directory is null");
    this.decoder = Objects.requireNonNull(decoder, "decoder is null");
    this.onMalformedLine = Objects.requireNonNull(onMalformedLine, "onMalformedLine is null");
    this.errors = Objects.requireNonNull(errors, "errors is null");
    this.stats = Objects.requireNonNull(stats, "stats is null");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint is null");
    this.context = Objects.requireNonNull(context, "context is null");
    this.maxEvents = maxEvents;
  }

  @Override
  public ExportStream<T> read(ResponseBody body, int attempt) throws IOException {
    Files.createDirectories(directory);
    Path file =
        Files.createTempFile(directory, "mixpanel-export-", body.isGzip() ? ".jsonl.gz" : ".jsonl");
    boolean handedOut = false;
    try {
      long lines = download(body, file, attempt);
      LOG.debug(
          "Spooled Mixpanel {} ({}): {} lines, {} bytes in {}",
          endpoint,
          context,
          lines,
          Files.size(file),
          file);
      InputStream replayed = Files.newInputStream(file);
      ExportStream<T> stream;
      try {
        InputStream decoded = body.isGzip() ? ResponseBody.gunzip(replayed) : replayed;
        ExportLines<T> events =
            new ExportLines<>(
                decoded,
                decoder,
                onMalformedLine,
                ExportLines.Reporting.LOG_SKIPPED,
                errors,
                endpoint,
                context,
                attempt);
        stream =
            new ExportStream<>(
                decoded,
                events,
                () -> {
                  stats.lines(events.malformedLines(), events.rejoinedLines());
                  delete(file);
                });
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

  /**
   * Copies the raw body to {@code file}, counting its non-blank lines and checking its end;
   * returns the lines read.
   */
  private long download(ResponseBody body, Path file, int attempt) throws IOException {
    try (InputStream raw = body.raw();
        OutputStream out =
            new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES)) {
      InputStream copied = new CopyingStream(raw, out);
      InputStream decoded = body.isGzip() ? ResponseBody.gunzip(copied) : copied;
      LineReader lines = new LineReader(decoded, ExportLines.MAX_LINE_BYTES);
      LastLines tail = new LastLines();
      long events = 0;
      while (next(lines, attempt)) {
        if (lines.isBlank()) {
          continue;
        }
        if (lines.endsWith(TERMINATED_EARLY)) {
          throw new TruncatedBodyException("the body ends with 'terminated early'", lines.lineNumber());
        }
        if (++events > maxEvents) {
          throw new ExportTooLargeException(endpoint, context, maxEvents, attempt);
        }
        tail.keep(lines.bytes(), lines.length(), lines.lineNumber());
      }
      // bytes after the last line, such as the end of a gzip trailer, belong in the file too
      copied.transferTo(OutputStream.nullOutputStream());
      tail.requireComplete();
      return lines.lineNumber();
    }
  }

  private boolean next(LineReader lines, int attempt) throws IOException {
    try {
      return lines.next();
    } catch (LineReader.LineTooLongException e) {
      throw errors.malformed(
          endpoint,
          context,
          attempt,
          e.lineNumber(),
          e.getMessage() + ", beyond any Mixpanel event",
          e);
    }
  }

  /**
   * The last two non-blank lines, in two buffers that swap, so the end of the body can be checked
   * without keeping more.
   */
  private static final class LastLines {
    private byte[] last = new byte[8 * 1024];
    private byte[] previous = new byte[8 * 1024];
    private int lastLength = -1;
    private int previousLength = -1;
    private long lastNumber;

    void keep(byte[] line, int length, long lineNumber) {
      byte[] free = previous;
      previous = last;
      previousLength = lastLength;
      if (free.length < length) {
        free = new byte[Math.max(length, free.length * 2)];
      }
      System.arraycopy(line, 0, free, 0, length);
      last = free;
      lastLength = length;
      lastNumber = lineNumber;
    }

    /**
     * A body cut short ends in an incomplete record; a record split over the last two lines (which
     * the decoding pass joins) is complete.
     */
    void requireComplete() throws IOException {
      if (lastLength < 0 || isJson(last, lastLength)) {
        return;
      }
      if (previousLength >= 0 && !isJson(previous, previousLength)) {
        byte[] joined = Arrays.copyOf(previous, previousLength + lastLength);
        System.arraycopy(last, 0, joined, previousLength, lastLength);
        if (isJson(joined, joined.length)) {
          return;
        }
      }
      throw new TruncatedBodyException("the last line is incomplete JSON", lastNumber);
    }

    private static boolean isJson(byte[] bytes, int length) throws IOException {
      try (JsonParser parser = JsonValues.FACTORY.createParser(bytes, 0, length)) {
        if (parser.nextToken() == null) {
          return false;
        }
        parser.skipChildren();
        return parser.nextToken() == null;
      } catch (JsonProcessingException e) {
        return false;
      }
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
