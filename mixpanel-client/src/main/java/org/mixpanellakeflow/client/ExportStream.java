package org.mixpanellakeflow.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The events of one export response, parsed line by line as the body arrives; memory is bounded by
 * the longest line, not the response. Not thread safe. Close it to release the connection; it
 * closes itself at the end of the body and on any failure.
 *
 * <p>Failures during iteration are {@link MixpanelProtocolException}s: a body that ends with {@code
 * terminated early}, a final line that is incomplete JSON, or a connection lost mid-body mean the
 * window was not read completely, and the events already delivered must be discarded and the window
 * re-read. A malformed line in the middle fails with its line number.
 */
public final class ExportStream implements Iterator<ExportedEvent>, AutoCloseable {

  /** Far above Mixpanel's 1 MB event limit; only a broken body gets near it. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final String TERMINATED_EARLY = "terminated early";

  private final InputStream body;
  private final LineReader lines;
  private final MixpanelErrors errors;
  private final String endpoint;
  private final String context;
  private final int attempts;
  private ExportedEvent pending;
  private boolean closed;

  ExportStream(
      InputStream body, MixpanelErrors errors, String endpoint, String context, int attempts) {
    this.body = Objects.requireNonNull(body, "body is null");
    this.lines = new LineReader(body, MAX_LINE_BYTES);
    this.errors = Objects.requireNonNull(errors, "errors is null");
    this.endpoint = endpoint;
    this.context = context;
    this.attempts = attempts;
  }

  /**
   * Reads ahead to the first event while nothing has been delivered, so that an I/O failure or
   * truncation here surfaces as an {@link IOException} the transport may retry.
   */
  void readFirst() throws IOException {
    pending = readEvent();
    if (pending == null) {
      close();
    }
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (closed) {
      return false;
    }
    try {
      pending = readEvent();
    } catch (TruncatedBodyException e) {
      close();
      throw errors.truncated(endpoint, context, attempts, e.lineNumber(), e);
    } catch (IOException e) {
      close();
      throw errors.truncated(endpoint, context, attempts, lines.lineNumber() + 1, e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (pending == null) {
      close();
      return false;
    }
    return true;
  }

  @Override
  public ExportedEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "the export stream is exhausted after " + lines.lineNumber() + " lines");
    }
    ExportedEvent event = pending;
    pending = null;
    return event;
  }

  /** Lines of the body consumed so far, blank ones included. */
  public long linesRead() {
    return lines.lineNumber();
  }

  /** Releases the connection; events not yet read are dropped. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pending = null;
      RetryingTransport.closeQuietly(body);
    }
  }

  private ExportedEvent readEvent() throws IOException {
    while (nextLine()) {
      if (lines.isBlank()) {
        continue;
      }
      long lineNumber = lines.lineNumber();
      if (lines.endsWith(TERMINATED_EARLY)) {
        throw new TruncatedBodyException("the body ends with 'terminated early'", lineNumber);
      }
      Object value;
      try {
        value = JsonValues.readDocument(lines.bytes(), 0, lines.length());
      } catch (JsonProcessingException e) {
        if (!lines.endedWithNewline() || onlyEndMarkerFollows()) {
          throw new TruncatedBodyException("the last line is incomplete JSON", lineNumber);
        }
        throw errors.malformed(
            endpoint,
            context,
            attempts,
            lineNumber,
            "the line is not valid JSON (" + e.getOriginalMessage() + ")",
            e);
      }
      return toEvent(value, lineNumber);
    }
    return null;
  }

  private ExportedEvent toEvent(Object value, long lineNumber) {
    if (value instanceof Map<?, ?> line
        && line.get("event") instanceof String name
        && line.get("properties") instanceof Map<?, ?> properties) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) properties;
      return new ExportedEvent(name, typed, lineNumber);
    }
    throw errors.malformed(
        endpoint,
        context,
        attempts,
        lineNumber,
        "expected an object with a string 'event' and an object 'properties'",
        null);
  }

  /** After a bad line: true if nothing but blanks or the truncation marker comes after it. */
  private boolean onlyEndMarkerFollows() throws IOException {
    while (nextLine()) {
      if (lines.endsWith(TERMINATED_EARLY)) {
        return true;
      }
      if (!lines.isBlank()) {
        return false;
      }
    }
    return true;
  }

  private boolean nextLine() throws IOException {
    try {
      return lines.next();
    } catch (LineReader.LineTooLongException e) {
      throw errors.malformed(
          endpoint,
          context,
          attempts,
          e.lineNumber(),
          e.getMessage() + ", beyond any Mixpanel event",
          e);
    }
  }
}
