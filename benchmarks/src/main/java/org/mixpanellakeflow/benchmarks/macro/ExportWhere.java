package org.mixpanellakeflow.benchmarks.macro;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code where} expressions the connector sends to export, and only those: a stretch of a day
 * ({@code properties["$time"] >= datetime(S) and properties["$time"] < datetime(E)}, seconds) and
 * events processed after a time ({@code number(properties["mp_processing_time_ms"]) > P}), alone or
 * joined with {@code and}. Anything else is refused, so a change in what the connector asks shows
 * up as a 400 instead of a silently wrong body.
 *
 * @param fromMs inclusive lower bound of {@code time}, or {@link Long#MIN_VALUE}
 * @param toMs exclusive upper bound of {@code time}, or {@link Long#MAX_VALUE}
 * @param processedAfterMs exclusive lower bound of {@code mp_processing_time_ms}, or {@link Long#MIN_VALUE}
 */
record ExportWhere(long fromMs, long toMs, long processedAfterMs) {

  private static final Pattern FROM =
      Pattern.compile("properties\\[\"\\$time\"\\]\\s*>=\\s*datetime\\((\\d+)\\)");
  private static final Pattern TO =
      Pattern.compile("properties\\[\"\\$time\"\\]\\s*<\\s*datetime\\((\\d+)\\)");
  private static final Pattern PROCESSED =
      Pattern.compile("number\\(properties\\[\"mp_processing_time_ms\"\\]\\)\\s*>\\s*(\\d+)");

  /** @throws IllegalArgumentException for any other expression, with the reason */
  static ExportWhere parse(String where) {
    String rest = where;
    long from = Long.MIN_VALUE;
    long to = Long.MAX_VALUE;
    long processed = Long.MIN_VALUE;
    Matcher m = FROM.matcher(rest);
    if (m.find()) {
      from = Long.parseLong(m.group(1)) * 1000;
      rest = m.replaceFirst(" ");
    }
    m = TO.matcher(rest);
    if (m.find()) {
      to = Long.parseLong(m.group(1)) * 1000;
      rest = m.replaceFirst(" ");
    }
    m = PROCESSED.matcher(rest);
    if (m.find()) {
      processed = Long.parseLong(m.group(1));
      rest = m.replaceFirst(" ");
    }
    if (!rest.replace("and", " ").replace("(", " ").replace(")", " ").isBlank()) {
      throw new IllegalArgumentException(
          "the benchmark's stand-in serves only the connector's time and processing-time where"
              + " expressions, not: " + where);
    }
    return new ExportWhere(from, to, processed);
  }

  /** @param processedMs ignored when the expression has no processing-time clause */
  boolean matches(long timeMs, long processedMs) {
    return timeMs >= fromMs
        && timeMs < toMs
        && (processedAfterMs == Long.MIN_VALUE || processedMs > processedAfterMs);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (fromMs != Long.MIN_VALUE || toMs != Long.MAX_VALUE) {
      text.append("time in [").append(fromMs == Long.MIN_VALUE ? "" : fromMs).append(", ")
          .append(toMs == Long.MAX_VALUE ? "" : toMs).append(") ms");
    }
    if (processedAfterMs != Long.MIN_VALUE) {
      text.append(text.length() == 0 ? "" : " and ").append("processed after ").append(processedAfterMs).append(" ms");
    }
    return text.toString();
  }
}
