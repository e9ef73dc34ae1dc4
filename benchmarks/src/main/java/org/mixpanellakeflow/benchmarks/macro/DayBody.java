package org.mixpanellakeflow.benchmarks.macro;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One day's export body, pre-rendered on disk: its JSON lines, and the same text as a raw deflate
 * segment that ends on a byte boundary without a final block, so segments of consecutive days
 * concatenate into one deflate stream (see {@link GzipRange}).
 *
 * @param text the JSON lines, as the emulator serves them
 * @param deflated the deflate segment of {@code text}
 * @param textBytes length of {@code text}
 * @param crc32 CRC-32 of {@code text}
 */
record DayBody(
    LocalDate day, long events, Path text, Path deflated, long textBytes, long deflatedBytes, long crc32) {

  DayBody {
    Objects.requireNonNull(day, "day is null");
    Objects.requireNonNull(text, "text is null");
    Objects.requireNonNull(deflated, "deflated is null");
  }

  DayBody withDeflatedBytes(long bytes) {
    return new DayBody(day, events, text, deflated, textBytes, bytes, crc32);
  }
}
