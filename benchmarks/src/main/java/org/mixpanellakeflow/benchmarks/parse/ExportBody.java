package org.mixpanellakeflow.benchmarks.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.mixpanellakeflow.benchmarks.EmulatorBodies;
import org.mixpanellakeflow.client.ExportParsingAccess;

/**
 * One export response held in memory: {@code events} generated events of one day, as the
 * emulator serves them with {@code time_in_ms=true}, either as sent with {@code Content-Encoding:
 * gzip} or uncompressed. Immutable; {@link #decoded()} opens a fresh stream each call.
 */
public final class ExportBody {

  /** The day the events fall on; fixed, with a fixed clock, so every run parses the same bytes. */
  static final LocalDate DAY = LocalDate.of(2024, 6, 1);

  private final byte[] raw;
  private final boolean gzip;
  private final int events;
  private final long decodedBytes;

  private ExportBody(byte[] raw, boolean gzip, int events, long decodedBytes) {
    this.raw = raw;
    this.gzip = gzip;
    this.events = events;
    this.decodedBytes = decodedBytes;
  }

  /**
   * Renders {@code events} events of the emulator's generated data (seed {@code seed}).
   *
   * @param encoding {@code gzip} or {@code plain}
   * @param gzipLevel the deflate level for {@code gzip} (the emulator itself uses 1)
   */
  static ExportBody render(int events, String encoding, int gzipLevel, long seed) {
    boolean gzip = switch (encoding.toLowerCase(Locale.ROOT)) {
      case "gzip" -> true;
      case "plain" -> false;
      default -> throw new IllegalArgumentException(
          "Invalid encoding '" + encoding + "': expected gzip or plain");
    };
    ByteArrayOutputStream plain = new ByteArrayOutputStream(events * 400);
    try (EmulatorBodies emulator =
        EmulatorBodies.start(seed, events, DAY, DAY, 0, EmulatorBodies.dayAfter(DAY))) {
      emulator.exportDay(DAY, plain);
    }
    byte[] text = plain.toByteArray();
    return new ExportBody(gzip ? gzip(text, gzipLevel) : text, gzip, events, text.length);
  }

  private static byte[] gzip(byte[] text, int level) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length / 6);
    try (GZIPOutputStream gzip = new LeveledGzip(out, level)) {
      gzip.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory
    }
    return out.toByteArray();
  }

  /** The body as it came off the wire. Do not modify. */
  public byte[] raw() {
    return raw;
  }

  public boolean isGzip() {
    return gzip;
  }

  /** The text of the body, gunzipped by the client's own decoder when it is gzip. */
  public InputStream decoded() throws IOException {
    InputStream in = new ByteArrayInputStream(raw);
    return gzip ? ExportParsingAccess.gunzip(in) : in;
  }

  public int events() {
    return events;
  }

  public long decodedBytes() {
    return decodedBytes;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%,d events, %,d bytes %s (%,d bytes of JSON lines, %.0f bytes an event)",
        events,
        raw.length,
        gzip ? "gzip" : "plain",
        decodedBytes,
        decodedBytes / (double) events);
  }

  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(level == -1 ? Deflater.DEFAULT_COMPRESSION : level);
    }
  }
}
