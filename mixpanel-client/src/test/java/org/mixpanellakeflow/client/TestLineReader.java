package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestLineReader {

  @Test
  void splitsLinesAcrossChunkBoundaries() throws IOException {
    String longLine = "x".repeat(200_000);
    LineReader reader = reader(longLine + "\nshort\n", 1 << 20);

    assertThat(reader.next()).isTrue();
    assertThat(reader.length()).isEqualTo(200_000);
    assertThat(reader.endedWithNewline()).isTrue();
    assertThat(reader.next()).isTrue();
    assertThat(new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8))
        .isEqualTo("short");
    assertThat(reader.lineNumber()).isEqualTo(2);
    assertThat(reader.next()).isFalse();
  }

  @Test
  void reportsAFinalLineWithoutNewline() throws IOException {
    LineReader reader = reader("a\nb", 100);

    reader.next();
    reader.next();

    assertThat(reader.endedWithNewline()).isFalse();
    assertThat(reader.endsWith("b")).isTrue();
  }

  @Test
  void rejectsLinesOverTheLimit() throws IOException {
    LineReader reader = reader("ok\n" + "y".repeat(101) + "\n", 100);
    reader.next();

    assertThatThrownBy(reader::next)
        .isInstanceOf(LineReader.LineTooLongException.class)
        .hasMessage("line 2 is longer than 100 bytes");
  }

  /**
   * Newlines at every position within an eight-byte word, among the bytes that fool a careless
   * word-at-a-time search (0x0b, 0x8a, 0x00, 0xff), with reads cut at random lengths: the same
   * lines as a byte-by-byte split.
   */
  @Test
  void findsEveryNewlineWhereverItFallsInAWordAndAChunk() throws IOException {
    java.util.Random random = new java.util.Random(7);
    byte[] alphabet = {'a', 0x0b, (byte) 0x8a, 0, (byte) 0xff, 0x09, 0x0a};
    byte[] text = new byte[200_000];
    for (int i = 0; i < text.length; i++) {
      text[i] = alphabet[random.nextInt(alphabet.length)];
    }
    java.util.List<String> expected = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length; i++) {
      if (text[i] == '\n') {
        expected.add(java.util.HexFormat.of().formatHex(text, start, i));
        start = i + 1;
      }
    }
    if (start < text.length) {
      expected.add(java.util.HexFormat.of().formatHex(text, start, text.length));
    }
    java.io.InputStream shortReads = new java.io.FilterInputStream(new ByteArrayInputStream(text)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(40)));
      }
    };

    for (java.io.InputStream in : new java.io.InputStream[] {new ByteArrayInputStream(text), shortReads}) {
      LineReader reader = new LineReader(in, 1 << 20);
      java.util.List<String> lines = new java.util.ArrayList<>();
      while (reader.next()) {
        lines.add(java.util.HexFormat.of().formatHex(reader.bytes(), 0, reader.length()));
      }
      // the reader drops a trailing \r; the alphabet has none
      assertThat(lines).hasSize(expected.size()).isEqualTo(expected);
    }
  }

  private static LineReader reader(String text, int max) {
    return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }
}
