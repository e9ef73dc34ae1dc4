package org.mixpanellakeflow.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * A response body as it came off the wire, plus a decoded view of it. Most readers want {@link
 * #decoded()}; the spooled export keeps the raw, still compressed bytes. Whoever holds it closes
 * {@link #raw()} (closing the decoded view does too). Not thread safe.
 */
final class ResponseBody {

  private static final int GZIP_BUFFER_BYTES = 64 * 1024;

  private final InputStream raw;
  private final boolean gzip;

  ResponseBody(InputStream raw, String contentEncoding) {
    this.raw = Objects.requireNonNull(raw, "raw is null");
    this.gzip = contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
  }

  /** The bytes as sent, compressed when {@link #isGzip()}. */
  InputStream raw() {
    return raw;
  }

  boolean isGzip() {
    return gzip;
  }

  /** The body as text bytes; call once. */
  InputStream decoded() throws IOException {
    return gzip ? gunzip(raw) : raw;
  }

  /**
   * Decompresses {@code in}. An empty stream stays empty: it has no gzip header, on which {@link
   * GZIPInputStream} would fail.
   */
  static InputStream gunzip(InputStream in) throws IOException {
    PushbackInputStream peek = new PushbackInputStream(in, 1);
    int first = peek.read();
    if (first < 0) {
      return peek;
    }
    peek.unread(first);
    return new GZIPInputStream(peek, GZIP_BUFFER_BYTES);
  }
}
