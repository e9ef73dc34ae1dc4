package org.mixpanellakeflow.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The events of one export response, decoded line by line ({@link ExportLineDecoder}: the parsed
 * {@link ExportedEvent} tree by default); memory is bounded by the longest line, not the response.
 * Not thread safe. Close it to release the connection (or delete the spool file);
 * it closes itself at the end of the body and on any failure.
 *
 * <p>From {@link MixpanelClient#export}, events are parsed as the body arrives, and failures during
 * iteration are {@link MixpanelProtocolException}s: a body that ends with {@code terminated early},
 * a final line that is incomplete JSON, or a connection lost mid-body mean the window was not read
 * completely, and the events already delivered must be discarded and the window re-read. From
 * {@link MixpanelClient#exportSpooled}, the whole body was downloaded and checked first, so
 * iteration does not fail that way.
 *
 * <p>A line that is not a JSON event fails with its line number, unless the client was configured
 * with {@link OnMalformedLine#SKIP}; a record split over two lines is joined again. Both are
 * counted ({@link #malformedLines()}, {@link #rejoinedLines()}).
 */
public final class ExportStream<T> implements Iterator<T>, AutoCloseable {

  private final InputStream body;
  private final ExportLines<T> lines;
  private final Runnable onClose;
  private T pending;
  private boolean closed;

  /**
   * @param body the decoded body {@code lines} reads, closed with the stream
   * @param onClose runs once when the stream closes, after the body is closed
   */
  ExportStream(InputStream body, ExportLines<T> lines, Runnable onClose) {
    this.body = Objects.requireNonNull(body, "body is null");
    this.lines = Objects.requireNonNull(lines, "lines is null");
    this.onClose = Objects.requireNonNull(onClose, "onClose is null");
  }

  /**
   * Reads ahead to the first event while nothing has been delivered, so that an I/O failure or
   * truncation here surfaces as an {@link IOException} the transport may retry.
   */
  void readFirst() throws IOException {
    pending = lines.next();
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
      pending = lines.next();
    } catch (IOException e) {
      close();
      throw lines.truncated(e);
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
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "the export stream is exhausted after " + lines.lineNumber() + " lines");
    }
    T event = pending;
    pending = null;
    return event;
  }

  /** Lines of the body consumed so far, blank ones included. */
  public long linesRead() {
    return lines.lineNumber();
  }

  /** Lines skipped so far as not JSON events (only with {@link OnMalformedLine#SKIP}). */
  public long malformedLines() {
    return lines.malformedLines();
  }

  /** Records so far that arrived split over two lines and were joined again. */
  public long rejoinedLines() {
    return lines.rejoinedLines();
  }

  /** Releases the connection or spool file; events not yet read are dropped. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pending = null;
      RetryingTransport.closeQuietly(body);
      onClose.run();
    }
  }
}
