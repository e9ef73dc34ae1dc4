package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Measures how fast the emulator itself serves raw export: one UTC day of N events (default
 * 1,000,000), gzip off and on, read by a JDK client on loopback that counts lines and bytes and
 * throws them away. Prints events/s and MB/s (uncompressed body, and bytes on the wire).
 *
 * <pre>
 * ./mvnw -q -pl mixpanel-emulator test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=org.mixpanellakeflow.emulator.ExportThroughputBenchmark \
 *     [-Dexec.args="1000000 3"]
 * </pre>
 *
 * Arguments: events in the day, measured runs per mode (after one warm-up run each).
 */
public final class ExportThroughputBenchmark {
  private static final LocalDate DAY = LocalDate.of(2024, 6, 1);
  private static final String SECRET = "bench-secret";

  private ExportThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    PrintStream out = System.out;
    EmulatedProject project = EmulatedProject.builder(77).apiSecret(SECRET).eventsPerDay(events)
        .eventDays(DAY, DAY).build();
    Clock clock = Clock.fixed(Instant.parse("2024-06-02T12:00:00Z"), ZoneOffset.UTC);
    HttpClient client = HttpClient.newHttpClient();
    try (MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).project(project).start()) {
      out.printf(Locale.ROOT, "Export of one day, %,d events, %d runs per mode; JVM %s, %d cores%n", events, runs,
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
      for (boolean gzip : new boolean[] {false, true}) {
        measure(client, emulator.baseUri(), gzip, events);
        Result best = null;
        for (int i = 0; i < runs; i++) {
          Result result = measure(client, emulator.baseUri(), gzip, events);
          out.printf(Locale.ROOT, "  gzip=%-5s run %d: %s%n", gzip, i + 1, result);
          best = best == null || result.seconds() < best.seconds() ? result : best;
        }
        out.printf(Locale.ROOT, "gzip=%-5s best: %s%n", gzip, best);
      }
    }
  }

  private record Result(long events, long bodyBytes, long wireBytes, double seconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,.0f events/s, %.1f MB/s body, %.1f MB/s wire (%,d events, %.1f MB body,"
              + " %.1f MB wire, %.2f s)", events / seconds, bodyBytes / seconds / 1e6, wireBytes / seconds / 1e6,
          events, bodyBytes / 1e6, wireBytes / 1e6, seconds);
    }
  }

  private static Result measure(HttpClient client, URI base, boolean gzip, int expected) throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString((SECRET + ":").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/2.0/export?from_date=" + DAY
        + "&to_date=" + DAY)).header("Authorization", auth);
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    long start = System.nanoTime();
    HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("export answered " + response.statusCode());
    }
    CountingStream wire = new CountingStream(response.body());
    long lines = 0;
    long body = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = gzip ? new GZIPInputStream(wire, 64 * 1024) : wire) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        body += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (lines != expected) {
      throw new IllegalStateException("expected " + expected + " events, read " + lines);
    }
    return new Result(lines, body, wire.count, seconds);
  }

  /** Counts the bytes that came over the wire. */
  private static final class CountingStream extends InputStream {
    private final InputStream in;
    private long count;

    CountingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
