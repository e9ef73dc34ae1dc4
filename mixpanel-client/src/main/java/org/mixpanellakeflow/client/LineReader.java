package org.mixpanellakeflow.client;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a byte stream on {@code \n} into one reusable buffer, so memory is bounded by the longest
 * line rather than the body. Lines stay bytes: the JSON parser reads UTF-8 directly and no String
 * is built per line. Not thread safe.
 */
final class LineReader {

  private static final int CHUNK_BYTES = 64 * 1024;
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[CHUNK_BYTES];
  private int chunkPos;
  private int chunkEnd;
  private boolean eof;

  private byte[] line = new byte[8 * 1024];
  private int lineLength;
  private long lineNumber;
  private boolean endedWithNewline;

  LineReader(InputStream in, int maxLineBytes) {
    this.in = Objects.requireNonNull(in, "in is null");
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads the next line (without its {@code \n} or {@code \r\n}).
   *
   * @return false at end of stream when no bytes remain
   * @throws LineTooLongException if a line exceeds the limit given at construction
   */
  boolean next() throws IOException {
    lineLength = 0;
    endedWithNewline = false;
    boolean sawBytes = false;
    while (true) {
      if (chunkPos == chunkEnd && !fill()) {
        if (!sawBytes) {
          return false;
        }
        break;
      }
      sawBytes = true;
      int newline = indexOfNewline();
      int end = newline >= 0 ? newline : chunkEnd;
      append(chunk, chunkPos, end - chunkPos);
      if (newline >= 0) {
        chunkPos = newline + 1;
        endedWithNewline = true;
        break;
      }
      chunkPos = chunkEnd;
    }
    lineNumber++;
    if (lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
    }
    return true;
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return lineLength;
  }

  /** 1-based number of the line last returned by {@link #next()}. */
  long lineNumber() {
    return lineNumber;
  }

  /** False for a final line the stream cut off without its newline. */
  boolean endedWithNewline() {
    return endedWithNewline;
  }

  boolean isBlank() {
    for (int i = 0; i < lineLength; i++) {
      if (!Character.isWhitespace(line[i])) {
        return false;
      }
    }
    return true;
  }

  /** Whether the line, ignoring surrounding blanks, ends with {@code suffix} (ASCII). */
  boolean endsWith(String suffix) {
    int end = lineLength;
    while (end > 0 && Character.isWhitespace(line[end - 1])) {
      end--;
    }
    int start = end - suffix.length();
    if (start < 0) {
      return false;
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (line[start + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(chunk, 0, chunk.length);
    if (n < 0) {
      eof = true;
      return false;
    }
    chunkPos = 0;
    chunkEnd = n;
    return true;
  }

  /** Eight bytes at a time: a word has a {@code \n} byte where {@link #newlines} marks one. */
  private int indexOfNewline() {
    int i = chunkPos;
    for (int last = chunkEnd - Long.BYTES; i <= last; i += Long.BYTES) {
      long marks = newlines((long) WORDS.get(chunk, i));
      if (marks != 0) {
        return i + (Long.numberOfTrailingZeros(marks) >>> 3);
      }
    }
    for (; i < chunkEnd; i++) {
      if (chunk[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The high bit of each byte of {@code word} that is {@code \n}, and possibly of bytes after the
   * first such byte (never before it, so the lowest mark is exact): the classic test for a zero
   * byte, applied to the word xor newlines.
   */
  private static long newlines(long word) {
    long x = word ^ NEWLINES;
    return (x - ONES) & ~x & HIGH_BITS;
  }

  private void append(byte[] source, int offset, int count) throws LineTooLongException {
    int needed = lineLength + count;
    if (needed > maxLineBytes) {
      throw new LineTooLongException(lineNumber + 1, maxLineBytes);
    }
    if (needed > line.length) {
      line = Arrays.copyOf(line, Math.min(Math.max(needed, line.length * 2), maxLineBytes));
    }
    System.arraycopy(source, offset, line, lineLength, count);
    lineLength = needed;
  }

  /** A line longer than any valid record; reading on would only grow memory. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;

    LineTooLongException(long lineNumber, int maxLineBytes) {
      super("line " + lineNumber + " is longer than " + maxLineBytes + " bytes");
      this.lineNumber = lineNumber;
    }

    long lineNumber() {
      return lineNumber;
    }
  }
}
