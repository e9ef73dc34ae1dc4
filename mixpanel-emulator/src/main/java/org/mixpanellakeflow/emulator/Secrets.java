package org.mixpanellakeflow.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Secret comparison that does not leak, through timing, how much of a guess was right. */
final class Secrets {
  private Secrets() {}

  static boolean equal(String expected, String candidate) {
    return candidate != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }
}
