package org.mixpanellakeflow.benchmarks.macro;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.mixpanellakeflow.client.ExportParsingAccess;

/**
 * Stage (a): the export bodies of the sync's windows over HTTP alone, with the JDK client as the
 * connector's client uses it (gzip accepted), as many windows at once as Spark runs tasks. Raw:
 * the bytes as sent, to nowhere. Decoded: also gunzipped by the client's decoder, lines counted.
 */
final class RawDownload {

  private final URI base;
  private final String authorization;
  private final HttpClient http = HttpClient.newHttpClient();

  RawDownload(URI base, String apiSecret) {
    this.base = base;
    this.authorization = "Basic "
        + Base64.getEncoder().encodeToString((apiSecret + ":").getBytes(StandardCharsets.UTF_8));
  }

  /** Windows of {@code windowDays} days from {@code first} to {@code last}, as the connector plans a first sync. */
  static List<LocalDate[]> windows(LocalDate first, LocalDate last, int windowDays) {
    List<LocalDate[]> windows = new ArrayList<>();
    for (LocalDate from = first; !from.isAfter(last); from = from.plusDays(windowDays)) {
      LocalDate to = from.plusDays(windowDays - 1L);
      windows.add(new LocalDate[] {from, to.isAfter(last) ? last : to});
    }
    return windows;
  }

  /**
   * Downloads every window with {@code parallelism} threads.
   *
   * @return newline-terminated lines counted when {@code decode}, else -1
   */
  long download(List<LocalDate[]> windows, int parallelism, boolean decode) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    AtomicLong lines = new AtomicLong();
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (LocalDate[] window : windows) {
        pending.add(pool.submit(() -> {
          lines.addAndGet(fetch(window[0], window[1], decode));
          return null;
        }));
      }
      for (Future<?> future : pending) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return decode ? lines.get() : -1;
  }

  private long fetch(LocalDate from, LocalDate to, boolean decode) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(
            base + "/api/2.0/export?from_date=" + from + "&to_date=" + to + "&time_in_ms=true"))
        .header("Authorization", authorization)
        .header("Accept-Encoding", "gzip")
        .GET()
        .build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      try (InputStream body = response.body()) {
        throw new IOException("export " + from + ".." + to + " answered " + response.statusCode() + ": "
            + new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    boolean gzip = response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent();
    try (InputStream raw = response.body();
        InputStream body = decode && gzip ? ExportParsingAccess.gunzip(raw) : raw) {
      byte[] buffer = new byte[64 * 1024];
      long lines = 0;
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        if (decode) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              lines++;
            }
          }
        }
      }
      return lines;
    }
  }
}
