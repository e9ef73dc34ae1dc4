package org.mixpanellakeflow.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the emulator can be scripted to inject into a request (see {@link FaultScript}).
 *
 * <p>Two kinds: an error response sent instead of the real one ({@link #status}, {@link
 * #rateLimited}, {@link #planGate}), and a damaged 200 whose body is the real one until it
 * breaks ({@link #resetAfterLines}, {@link #resetAfterBytes}, {@link #terminatedEarly}, {@link
 * #splitRecord}, {@link #slowBody}). Body faults count lines of the uncompressed body, so they
 * behave the same with and without gzip. Immutable.
 */
public final class Fault {
  enum Kind {
    STATUS,
    RATE_LIMITED,
    PLAN_GATE,
    RESET_AFTER_LINES,
    RESET_AFTER_BYTES,
    TERMINATED_EARLY,
    SPLIT_RECORD,
    SLOW_BODY
  }

  private final Kind kind;
  private final int status;
  private final long amount;
  private final Duration duration;

  private Fault(Kind kind, int status, long amount, Duration duration) {
    this.kind = kind;
    this.status = status;
    this.amount = amount;
    this.duration = duration;
  }

  /**
   * An error status instead of the response: a 5xx with a plain-text body as a load balancer
   * sends it, or a 4xx with Mixpanel's {@code {"request", "error"}} body.
   */
  public static Fault status(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("Invalid fault status " + status + ": use an error status from 400 to 599");
    }
    return new Fault(Kind.STATUS, status, 0, null);
  }

  /** A 429 with Mixpanel's rate-limit body and no {@code Retry-After}. */
  public static Fault rateLimited() {
    return new Fault(Kind.RATE_LIMITED, 429, 0, null);
  }

  /** A 429 with Mixpanel's rate-limit body and {@code Retry-After} in whole seconds (rounded up). */
  public static Fault rateLimited(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter is null");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("Invalid retryAfter " + retryAfter + ": use zero or more");
    }
    return new Fault(Kind.RATE_LIMITED, 429, 0, retryAfter);
  }

  /**
   * A 402: on Query-API paths "Your plan does not allow API calls", on export "Your plan does not
   * support raw data export", as Mixpanel answers projects whose plan lacks the API.
   */
  public static Fault planGate() {
    return new Fault(Kind.PLAN_GATE, 402, 0, null);
  }

  /** A 200 whose connection is dropped, without ending the body, after {@code lines} whole lines. */
  public static Fault resetAfterLines(int lines) {
    return new Fault(Kind.RESET_AFTER_LINES, 200, requireNonNegative(lines, "lines"), null);
  }

  /** A 200 whose connection is dropped after {@code bytes} bytes of the uncompressed body. */
  public static Fault resetAfterBytes(long bytes) {
    return new Fault(Kind.RESET_AFTER_BYTES, 200, requireNonNegative(bytes, "bytes"), null);
  }

  /**
   * A 200 that ends early and cleanly, as Mixpanel's export sometimes does: {@code completeLines}
   * whole lines, then the first half of the next record, a newline and the bare text {@code
   * terminated early}.
   */
  public static Fault terminatedEarly(int completeLines) {
    return new Fault(Kind.TERMINATED_EARLY, 200, requireNonNegative(completeLines, "completeLines"), null);
  }

  /** A 200 in which line {@code lineIndex} (0-based) is split in two by a newline in its middle. */
  public static Fault splitRecord(int lineIndex) {
    return new Fault(Kind.SPLIT_RECORD, 200, requireNonNegative(lineIndex, "lineIndex"), null);
  }

  /** A 200 that pauses {@code pausePerLine} before each line (and before a body without lines). */
  public static Fault slowBody(Duration pausePerLine) {
    Objects.requireNonNull(pausePerLine, "pausePerLine is null");
    if (pausePerLine.isNegative()) {
      throw new IllegalArgumentException("Invalid pausePerLine " + pausePerLine + ": use zero or more");
    }
    return new Fault(Kind.SLOW_BODY, 200, 0, pausePerLine);
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  long amount() {
    return amount;
  }

  Duration duration() {
    return duration;
  }

  /** Whether the fault replaces the response, rather than damaging a 200 body. */
  boolean replacesResponse() {
    return kind == Kind.STATUS || kind == Kind.RATE_LIMITED || kind == Kind.PLAN_GATE;
  }

  /** How the request log describes the fault, e.g. {@code status 503}. */
  String description() {
    return switch (kind) {
      case STATUS -> "status " + status;
      case RATE_LIMITED -> "rate limited" + (duration == null ? "" : ", Retry-After " + retryAfterSeconds());
      case PLAN_GATE -> "plan gate 402";
      case RESET_AFTER_LINES -> "reset after " + amount + " lines";
      case RESET_AFTER_BYTES -> "reset after " + amount + " bytes";
      case TERMINATED_EARLY -> "terminated early after " + amount + " lines";
      case SPLIT_RECORD -> "record " + amount + " split across two lines";
      case SLOW_BODY -> "slow body, " + duration.toMillis() + " ms per line";
    };
  }

  long retryAfterSeconds() {
    return (duration.toMillis() + 999) / 1000;
  }

  @Override
  public String toString() {
    return "Fault[" + description() + "]";
  }

  private static long requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException("Invalid " + name + " " + value + ": use 0 or more");
    }
    return value;
  }
}
