package org.mixpanellakeflow.benchmarks.macro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class TestCrc32Combine {

  @Test
  void combinesToTheCrcOfTheConcatenation() {
    byte[] a = "{\"event\":\"Page View\"}\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    byte[] b = "{\"event\":\"Purchase\",\"properties\":{\"time\":1}}\n".repeat(777).getBytes(StandardCharsets.UTF_8);
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);

    assertThat(Crc32Combine.combine(crc(a), crc(b), b.length)).isEqualTo(crc(both));
  }

  @Test
  void keepsTheFirstCrcWhenTheSecondPartIsEmpty() {
    byte[] a = "abc".getBytes(StandardCharsets.UTF_8);

    assertThat(Crc32Combine.combine(crc(a), 0, 0)).isEqualTo(crc(a));
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
