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

  private static LineReader reader(String text, int max) {
    return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }
}
