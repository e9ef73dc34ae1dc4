package org.mixpanellakeflow.benchmarks.macro;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;

/**
 * A single-member gzip body for consecutive days, assembled from their pre-compressed segments
 * with no compression at request time: the gzip header, each day's deflate segment, an empty final
 * block, and a trailer whose CRC-32 is combined from the days' ({@link Crc32Combine}). One member,
 * as a server compressing on the fly sends; concatenated gzip members would read differently in
 * JDK 17's {@code GZIPInputStream}, which may stop at a member boundary.
 */
final class GzipRange {

  /** Magic, deflate, no flags, no time, no extra flags, unknown OS. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  /** A final fixed-Huffman block holding only its end-of-block code, as zlib ends a flushed stream. */
  private static final byte[] FINAL_BLOCK = {3, 0};
  private static final int TRAILER_BYTES = 8;

  private GzipRange() {}

  /** Bytes {@link #write} sends for {@code days}. */
  static long length(List<DayBody> days) {
    long length = HEADER.length + FINAL_BLOCK.length + TRAILER_BYTES;
    for (DayBody day : days) {
      length += day.deflatedBytes();
    }
    return length;
  }

  static void write(List<DayBody> days, OutputStream out) throws IOException {
    out.write(HEADER);
    long crc = 0;
    long textBytes = 0;
    for (DayBody day : days) {
      Files.copy(day.deflated(), out);
      crc = textBytes == 0 ? day.crc32() : Crc32Combine.combine(crc, day.crc32(), day.textBytes());
      textBytes += day.textBytes();
    }
    out.write(FINAL_BLOCK);
    writeIntLittleEndian(out, crc);
    writeIntLittleEndian(out, textBytes); // ISIZE is the length modulo 2^32
  }

  private static void writeIntLittleEndian(OutputStream out, long value) throws IOException {
    out.write((int) value & 0xff);
    out.write((int) (value >>> 8) & 0xff);
    out.write((int) (value >>> 16) & 0xff);
    out.write((int) (value >>> 24) & 0xff);
  }
}
