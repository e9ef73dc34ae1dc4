package org.mixpanellakeflow.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the lines of an export body into events with an {@link ExportLineDecoder}: blank lines are
 * skipped, a body cut short ({@code terminated early}, an incomplete last line) is a {@link
 * TruncatedBodyException}, a record split over two lines is joined again, and any other bad line
 * fails or is skipped per {@link OnMalformedLine}. Memory is bounded by the longest line (two,
 * while joining). Not thread safe.
 */
final class ExportLines<T> {

  /** Whether skipped lines are logged: yes on the first read of a body, not on a re-read. */
  enum Reporting {
    LOG_SKIPPED,
    QUIET
  }

  /** Far above Mixpanel's 1 MB event limit; only a broken body gets near it. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ExportLines.class);
  private static final String TERMINATED_EARLY = "terminated early";
  private static final String NOT_AN_EVENT =
      "expected an object with a string 'event' and an object 'properties'";

  private final LineReader lines;
  private final ExportLineDecoder<T> decoder;
  private final OnMalformedLine onMalformedLine;
  private final Reporting reporting;
  private final MixpanelErrors errors;
  private final String endpoint;
  private final String context;
  private final int attempts;
  private byte[] held = new byte[0];
  private boolean pushedBack;
  private long malformedLines;
  private long rejoinedLines;

  /**
   * @param context project and window, for messages
   * @param attempts the attempt that produced the body, for messages
   */
  ExportLines(
      InputStream decoded,
      ExportLineDecoder<T> decoder,
      OnMalformedLine onMalformedLine,
      Reporting reporting,
      MixpanelErrors errors,
      String endpoint,
      String context,
      int attempts) {
    this.lines = new LineReader(decoded, MAX_LINE_BYTES);
    this.decoder = Objects.requireNonNull(decoder, "decoder is null");
    this.onMalformedLine = Objects.requireNonNull(onMalformedLine, "onMalformedLine is null");
    this.reporting = Objects.requireNonNull(reporting, "reporting is null");
    this.errors = Objects.requireNonNull(errors, "errors is null");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint is null");
    this.context = Objects.requireNonNull(context, "context is null");
    this.attempts = attempts;
  }

  /**
   * The next event, or {@code null} at the end of the body.
   *
   * @throws TruncatedBodyException if the body was cut short
   * @throws MixpanelProtocolException for a malformed line under {@link OnMalformedLine#FAIL}
   */
  T next() throws IOException {
    while (true) {
      if (pushedBack) {
        pushedBack = false;
      } else if (!nextLine()) {
        return null;
      }
      if (lines.isBlank()) {
        continue;
      }
      long lineNumber = lines.lineNumber();
      if (lines.endsWith(TERMINATED_EARLY)) {
        throw new TruncatedBodyException("the body ends with 'terminated early'", lineNumber);
      }
      try {
        T event = decoder.decode(lines.bytes(), lines.length(), lineNumber);
        if (event != null) {
          return event;
        }
        skipOrFail(lineNumber, NOT_AN_EVENT, "not an event object", null);
      } catch (JsonProcessingException e) {
        T joined = joinWithNextLine(lineNumber, e);
        if (joined != null) {
          return joined;
        }
      }
    }
  }

  /** Lines of the body consumed so far, blank ones included. */
  long lineNumber() {
    return lines.lineNumber();
  }

  long malformedLines() {
    return malformedLines;
  }

  long rejoinedLines() {
    return rejoinedLines;
  }

  /** The exception for a body that broke off after events may have been delivered. */
  MixpanelProtocolException truncated(IOException cause) {
    long lineNumber =
        cause instanceof TruncatedBodyException truncated
            ? truncated.lineNumber()
            : lines.lineNumber() + 1;
    return errors.truncated(endpoint, context, attempts, lineNumber, cause);
  }

  /**
   * After a line that is not JSON: the body was cut if only blanks or the truncation marker follow;
   * the record was split if the line joined with the next one parses; otherwise the line is
   * malformed and the next line is read on its own.
   */
  private T joinWithNextLine(long lineNumber, JsonProcessingException error)
      throws IOException {
    if (!lines.endedWithNewline()) {
      throw new TruncatedBodyException("the last line is incomplete JSON", lineNumber);
    }
    int heldLength = lines.length();
    held = Arrays.copyOf(lines.bytes(), heldLength);
    boolean blankBetween = false;
    boolean more = nextLine();
    while (more && lines.isBlank()) {
      blankBetween = true;
      more = nextLine();
    }
    if (!more || lines.endsWith(TERMINATED_EARLY)) {
      throw new TruncatedBodyException("the last line is incomplete JSON", lineNumber);
    }
    // a record split in two never has a blank line inside it
    if (!blankBetween) {
      byte[] joined = Arrays.copyOf(held, heldLength + lines.length());
      System.arraycopy(lines.bytes(), 0, joined, heldLength, lines.length());
      try {
        T event = decoder.decode(joined, joined.length, lineNumber);
        if (event != null) {
          rejoinedLines++;
          LOG.debug(
              "Joined lines {} and {} of Mixpanel {} ({})",
              lineNumber,
              lines.lineNumber(),
              endpoint,
              context);
          return event;
        }
      } catch (JsonEOFException e) {
        if (!lines.endedWithNewline()) {
          // the start of a record and its cut-off rest: the body ends early
          throw new TruncatedBodyException("the last line is incomplete JSON", lineNumber);
        }
      } catch (JsonProcessingException e) {
        // not two halves of one record: the held line is bad on its own
      }
    }
    pushedBack = true;
    skipOrFail(
        lineNumber,
        "the line is not valid JSON (" + error.getOriginalMessage() + ")",
        "not valid JSON",
        error);
    return null;
  }

  /**
   * @param problem for the exception
   * @param summary for the log line, which must not quote the line's content
   */
  private void skipOrFail(long lineNumber, String problem, String summary, Throwable cause) {
    if (onMalformedLine == OnMalformedLine.FAIL) {
      throw errors.malformed(endpoint, context, attempts, lineNumber, problem, cause);
    }
    malformedLines++;
    if (reporting == Reporting.LOG_SKIPPED) {
      LOG.warn(
          "Skipped malformed line {} of Mixpanel {} ({}): {}",
          lineNumber,
          endpoint,
          context,
          summary);
    }
  }

  private boolean nextLine() throws IOException {
    try {
      return lines.next();
    } catch (LineReader.LineTooLongException e) {
      // the rest of the line would read as further lines, so skipping cannot recover
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
