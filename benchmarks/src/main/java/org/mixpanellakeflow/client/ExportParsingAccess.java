package org.mixpanellakeflow.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The benchmarks' way into the client's package-private parse classes, so they measure exactly the
 * code the Spark reader runs. Lives in the client's package inside the benchmarks jar (a split
 * package on the class path); nothing in production loads it. Thread safe.
 */
public final class ExportParsingAccess {

  private static final String ENDPOINT = MixpanelRequests.EXPORT;
  private static final String CONTEXT = "benchmark";
  private static final MixpanelErrors ERRORS =
      new MixpanelErrors(new MixpanelCredentials.ProjectSecret("benchmark-secret"), Clock.systemUTC());

  private ExportParsingAccess() {}

  /**
   * The events of an already decoded export body, parsed by {@link ExportLines} as the spooled
   * replay parses them (malformed lines fail).
   */
  public static ExportStream<ExportedEvent> lines(InputStream decoded) {
    return lines(decoded, ExportLineDecoder.EVENTS);
  }

  /** As {@link #lines(InputStream)}, each line decoded by {@code decoder}. */
  public static <T> ExportStream<T> lines(InputStream decoded, ExportLineDecoder<T> decoder) {
    ExportLines<T> lines =
        new ExportLines<>(
            decoded,
            decoder,
            OnMalformedLine.FAIL,
            ExportLines.Reporting.QUIET,
            ERRORS,
            ENDPOINT,
            CONTEXT,
            1);
    return new ExportStream<>(decoded, lines, () -> {});
  }

  /**
   * What {@link MixpanelClient#exportSpooled} does with a response body: spool the raw bytes to a
   * file in {@code spoolDir} while checking how the body ends, then replay the file, decoding each
   * line with {@code decoder}. The stream deletes its file on close.
   *
   * @param raw the body as sent, gzip-compressed when {@code gzip}
   */
  public static <T> ExportStream<T> spooled(
      byte[] raw, boolean gzip, Path spoolDir, ExportLineDecoder<T> decoder) throws IOException {
    ExportSpool<T> spool =
        new ExportSpool<>(
            spoolDir,
            decoder,
            OnMalformedLine.FAIL,
            ERRORS,
            new StatsRecorder(),
            ENDPOINT,
            CONTEXT,
            Long.MAX_VALUE);
    return spool.read(new ResponseBody(new ByteArrayInputStream(raw), gzip ? "gzip" : null), 1);
  }

  /** The client's own decoder for {@code Content-Encoding: gzip}. */
  public static InputStream gunzip(InputStream raw) throws IOException {
    return ResponseBody.gunzip(raw);
  }

  /** An engage response parsed by {@link QueryResponses}, as {@link EngageStream} reads a page. */
  public static EngagePage engagePage(InputStream body) throws IOException {
    return new QueryResponses(ERRORS)
        .engagePage(body, EngageQuery.allProfiles(), 0, MixpanelRequests.ENGAGE, CONTEXT, 1);
  }
}
