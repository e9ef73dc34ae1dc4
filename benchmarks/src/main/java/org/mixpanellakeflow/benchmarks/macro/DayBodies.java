package org.mixpanellakeflow.benchmarks.macro;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.mixpanellakeflow.benchmarks.EmulatorBodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the days' export bodies once, from the emulator's generated data, into a directory that
 * doubles as a cache: a day already rendered with the same seed, volume and gzip level is reused,
 * and files of any other day or setting are deleted, so the directory holds one run's bodies.
 * Memory stays bounded by the stream buffers, however large a day.
 */
final class DayBodies {

  private static final Logger LOG = LoggerFactory.getLogger(DayBodies.class);
  private static final int BUFFER_BYTES = 64 * 1024;

  private DayBodies() {}

  static List<DayBody> render(
      Path directory, long seed, int eventsPerDay, LocalDate first, LocalDate last, int gzipLevel)
      throws IOException {
    return render(directory, seed, eventsPerDay, first, last, gzipLevel, Clock.systemUTC());
  }

  /** @param clock the emulator's "now": the days' events as served at that time */
  static List<DayBody> render(Path directory, long seed, int eventsPerDay, LocalDate first,
      LocalDate last, int gzipLevel, Clock clock) throws IOException {
    Files.createDirectories(directory);
    List<DayBody> days = new ArrayList<>();
    Set<Path> kept = new HashSet<>();
    EmulatorBodies emulator = null;
    try {
      for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
        String stem = "export-s" + seed + "-n" + eventsPerDay + "-" + day;
        Path text = directory.resolve(stem + ".jsonl");
        Path deflated = directory.resolve(stem + ".deflate" + gzipLevel);
        Path meta = directory.resolve(stem + ".deflate" + gzipLevel + ".properties");
        kept.addAll(List.of(text, deflated, meta));
        DayBody cached = cached(day, text, deflated, meta);
        if (cached != null) {
          days.add(cached);
          continue;
        }
        if (emulator == null) {
          emulator = EmulatorBodies.start(seed, eventsPerDay, first, last, 0, clock);
        }
        long started = System.nanoTime();
        DayBody rendered = renderDay(emulator, day, text, deflated, gzipLevel);
        writeMeta(meta, rendered);
        LOG.info("Rendered {}: {} events, {} bytes, {} deflated, in {} ms", day, rendered.events(),
            rendered.textBytes(), rendered.deflatedBytes(), (System.nanoTime() - started) / 1_000_000);
        days.add(rendered);
      }
    } finally {
      if (emulator != null) {
        emulator.close();
      }
    }
    deleteOthers(directory, kept);
    return days;
  }

  private static DayBody renderDay(
      EmulatorBodies emulator, LocalDate day, Path text, Path deflated, int gzipLevel) throws IOException {
    Deflater deflater = new Deflater(gzipLevel, true);
    CRC32 crc = new CRC32();
    try (OutputStream textOut = new BufferedOutputStream(Files.newOutputStream(text), BUFFER_BYTES);
        OutputStream deflatedFile = new BufferedOutputStream(Files.newOutputStream(deflated), BUFFER_BYTES)) {
      // sync flush, never finish: the segment ends byte-aligned without a final block
      DeflaterOutputStream deflating = new DeflaterOutputStream(deflatedFile, deflater, BUFFER_BYTES, true);
      Tee tee = new Tee(textOut, deflating, crc);
      emulator.exportDay(day, tee);
      deflating.flush();
      return new DayBody(day, tee.lines, text, deflated, tee.bytes, 0, crc.getValue())
          .withDeflatedBytes(deflater.getBytesWritten());
    } finally {
      deflater.end();
    }
  }

  private static DayBody cached(LocalDate day, Path text, Path deflated, Path meta) throws IOException {
    if (!Files.isRegularFile(meta) || !Files.isRegularFile(text) || !Files.isRegularFile(deflated)) {
      return null;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      properties.load(in);
    }
    DayBody body = new DayBody(day, Long.parseLong(properties.getProperty("events")), text, deflated,
        Long.parseLong(properties.getProperty("textBytes")),
        Long.parseLong(properties.getProperty("deflatedBytes")),
        Long.parseLong(properties.getProperty("crc32")));
    boolean intact = Files.size(text) == body.textBytes() && Files.size(deflated) == body.deflatedBytes();
    return intact ? body : null;
  }

  private static void writeMeta(Path meta, DayBody body) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("events", Long.toString(body.events()));
    properties.setProperty("textBytes", Long.toString(body.textBytes()));
    properties.setProperty("deflatedBytes", Long.toString(body.deflatedBytes()));
    properties.setProperty("crc32", Long.toString(body.crc32()));
    try (OutputStream out = Files.newOutputStream(meta)) {
      properties.store(out, "export body of " + body.day());
    }
  }

  private static void deleteOthers(Path directory, Set<Path> kept) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "export-*")) {
      for (Path file : files) {
        if (!kept.contains(file)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean the body directory " + directory, e);
    }
  }

  /** Writes to the text file and the deflater at once, counting lines and bytes. */
  private static final class Tee extends FilterOutputStream {
    private final OutputStream second;
    private final CRC32 crc;
    long lines;
    long bytes;

    Tee(OutputStream first, OutputStream second, CRC32 crc) {
      super(first);
      this.second = second;
      this.crc = crc;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      out.write(buffer, offset, length);
      second.write(buffer, offset, length);
      crc.update(buffer, offset, length);
      bytes += length;
      for (int i = offset; i < offset + length; i++) {
        if (buffer[i] == '\n') {
          lines++;
        }
      }
    }
  }
}
