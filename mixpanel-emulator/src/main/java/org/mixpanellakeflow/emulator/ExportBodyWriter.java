package org.mixpanellakeflow.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The export body: holds back at most {@value #GZIP_THRESHOLD} bytes, then streams.
 *
 * <p>Mixpanel compresses only bodies over 1400 bytes, so the first bytes are buffered until that
 * is known. A short body goes out with a Content-Length (an empty one with no body at all); a
 * longer one goes out chunked, gzipped when the client accepts it. Memory stays bounded however
 * many events follow. Not thread safe.
 */
final class ExportBodyWriter extends ResponseBody {
  static final int GZIP_THRESHOLD = 1400;
  static final String CONTENT_TYPE = "text/plain";

  private final EmulatorExchange exchange;
  private final boolean gzip;
  private ByteArrayOutputStream pending = new ByteArrayOutputStream(GZIP_THRESHOLD + 256);
  private OutputStream streaming;

  private ExportBodyWriter(EmulatorExchange exchange) {
    this.exchange = exchange;
    this.gzip = exchange.acceptsGzip();
  }

  static ExportBodyWriter open(EmulatorExchange exchange) {
    return new ExportBodyWriter(exchange);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (streaming != null) {
      streaming.write(bytes, offset, length);
      return;
    }
    pending.write(bytes, offset, length);
    if (pending.size() > GZIP_THRESHOLD) {
      startStreaming();
    }
  }

  @Override
  void flushToClient() throws IOException {
    if (streaming == null && pending != null) {
      startStreaming();
    }
    if (streaming != null) {
      streaming.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (streaming != null) {
      streaming.close();
      return;
    }
    if (pending == null) {
      return;
    }
    byte[] body = pending.toByteArray();
    pending = null;
    try (OutputStream out = exchange.startResponse(200, CONTENT_TYPE, body.length == 0 ? -1 : body.length)) {
      out.write(body);
    }
  }

  private void startStreaming() throws IOException {
    if (gzip) {
      exchange.setHeader("Content-Encoding", "gzip");
    }
    OutputStream raw = exchange.startResponse(200, CONTENT_TYPE, 0);
    streaming = gzip ? new FastGzipOutputStream(raw) : raw;
    pending.writeTo(streaming);
    pending = null;
  }

  /**
   * Fastest compression: the emulator serves local tests, where CPU matters more than bytes.
   * Sync flush, so a scripted reset delivers every byte written before it.
   */
  private static final class FastGzipOutputStream extends GZIPOutputStream {
    FastGzipOutputStream(OutputStream out) throws IOException {
      super(out, 8192, true);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
