package org.mixpanellakeflow.benchmarks.macro;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal Mixpanel raw-export endpoint on loopback that serves pre-rendered day bodies ({@link
 * DayBody}), so the benchmark measures the connector and not a server generating events. It
 * speaks the protocol the client uses: {@code GET /api/2.0/export} with Basic auth (the project
 * secret), {@code from_date}/{@code to_date} (UTC days, inclusive; a day after today is refused as
 * Mixpanel does), {@code time_in_ms=true} (required: the bodies hold milliseconds) and {@code
 * Content-Encoding: gzip} when the client accepts it and the stand-in was started with gzip. A
 * request for whole days is sent from disk with no compression work; one with the connector's
 * {@code where} ({@link ExportWhere}) is filtered line by line and compressed on the fly at level
 * 1, as the emulator does ({@link SlicedDays}). Other parameters and paths are refused. Thread safe.
 */
final class ExportStandIn implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExportStandIn.class);
  private static final String EXPORT = "/api/2.0/export";

  private final HttpServer server;
  private final ExecutorService threads;
  private final Map<LocalDate, DayBody> days = new HashMap<>();
  private final String authorization;
  private final boolean gzip;
  private final Clock clock;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final List<String> log = new ArrayList<>();

  /** @param gzip whether to compress for clients that accept gzip (Mixpanel does) */
  ExportStandIn(List<DayBody> bodies, String apiSecret, boolean gzip) throws IOException {
    this(bodies, apiSecret, gzip, Clock.systemUTC());
  }

  /** @param clock tells today, after which a {@code to_date} is refused as Mixpanel refuses it */
  ExportStandIn(List<DayBody> bodies, String apiSecret, boolean gzip, Clock clock) throws IOException {
    this.clock = clock;
    for (DayBody body : bodies) {
      days.put(body.day(), body);
    }
    this.authorization = "Basic "
        + Base64.getEncoder().encodeToString((apiSecret + ":").getBytes(StandardCharsets.UTF_8));
    this.gzip = gzip;
    this.threads = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "export-stand-in");
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Counters since start: requests, body bytes sent, events in bodies sent in full, bodies cut off. */
  Counters counters() {
    return new Counters(requests.get(), bytesSent.get(), eventsSent.get(), abandoned.get());
  }

  record Counters(long requests, long bytesSent, long eventsSent, long abandoned) {
    Counters minus(Counters before) {
      return new Counters(requests - before.requests, bytesSent - before.bytesSent,
          eventsSent - before.eventsSent, abandoned - before.abandoned);
    }
  }

  /** One line per request so far: days, where, status, bytes. */
  synchronized List<String> requestLog() {
    return List.copyOf(log);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String request = exchange.getRequestURI().getRawQuery();
    try (exchange) {
      if (!EXPORT.equals(exchange.getRequestURI().getPath())) {
        refuse(exchange, 404, "the benchmark's stand-in serves only " + EXPORT);
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod())) {
        refuse(exchange, 405, "export takes GET");
        return;
      }
      if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refuse(exchange, 401, "Invalid credentials");
        return;
      }
      Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
      LocalDate from;
      LocalDate to;
      try {
        from = LocalDate.parse(params.getOrDefault("from_date", ""));
        to = LocalDate.parse(params.getOrDefault("to_date", ""));
      } catch (DateTimeParseException e) {
        refuse(exchange, 400, "from_date and to_date are required as yyyy-mm-dd");
        return;
      }
      if (to.isAfter(LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
        refuse(exchange, 400, "to_date cannot be later than today");
        return;
      }
      if (!"true".equals(params.get("time_in_ms"))) {
        refuse(exchange, 400, "the stand-in serves only time_in_ms=true, which the client always sends");
        return;
      }
      for (String unsupported : List.of("event", "limit")) {
        if (params.containsKey(unsupported)) {
          refuse(exchange, 400, "the stand-in does not serve the '" + unsupported + "' parameter");
          return;
        }
      }
      ExportWhere where;
      try {
        where = params.containsKey("where") ? ExportWhere.parse(params.get("where")) : null;
      } catch (IllegalArgumentException e) {
        refuse(exchange, 400, e.getMessage());
        return;
      }
      List<DayBody> served = new ArrayList<>();
      for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
        DayBody body = days.get(day);
        if (body != null && body.textBytes() > 0) {
          served.add(body);
        }
      }
      boolean compress = gzip && acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
      request = from + ".." + to + (where == null ? "" : " where " + where) + (compress ? " gzip" : "");
      long sent = where == null ? sendDays(exchange, served, compress) : sendFiltered(exchange, served, where, compress);
      record(request + ": " + sent + " bytes");
    } catch (IOException e) {
      // the client stopped reading: a too-large response it dropped, or it gave up
      abandoned.incrementAndGet();
      record(request + ": abandoned by the client (" + e.getMessage() + ")");
      LOG.debug("Export response abandoned by the client: {}", e.toString());
    }
  }

  private long sendDays(HttpExchange exchange, List<DayBody> served, boolean compress) throws IOException {
    long events = served.stream().mapToLong(DayBody::events).sum();
    if (served.isEmpty()) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, -1);
      return 0;
    }
    long length = compress ? GzipRange.length(served) : served.stream().mapToLong(DayBody::textBytes).sum();
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    if (compress) {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    exchange.sendResponseHeaders(200, length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (compress) {
        GzipRange.write(served, out);
      } else {
        for (DayBody day : served) {
          Files.copy(day.text(), out);
        }
      }
    }
    bytesSent.addAndGet(length);
    eventsSent.addAndGet(events);
    return length;
  }

  private long sendFiltered(HttpExchange exchange, List<DayBody> served, ExportWhere where, boolean compress)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    if (compress) {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    exchange.sendResponseHeaders(200, 0);
    CountingStream counted = new CountingStream(exchange.getResponseBody());
    long events;
    try (OutputStream out = compress ? new FastGzip(counted) : counted) {
      events = SlicedDays.write(served, where, out);
    }
    bytesSent.addAndGet(counted.count);
    eventsSent.addAndGet(events);
    return counted.count;
  }

  private void refuse(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = ("{\"error\": \"" + message.replace("\"", "'") + "\", \"status\": \"error\"}")
        .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    record(exchange.getRequestURI().getPath() + " refused " + status + ": " + message);
    LOG.warn("Refused {} {}: {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), status, message);
  }

  private synchronized void record(String line) {
    log.add(line);
  }

  private static boolean acceptsGzip(String header) {
    return header != null && header.toLowerCase(Locale.ROOT).contains("gzip");
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
