package org.mixpanellakeflow.emulator;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from coordinates such as (seed, project, day, index), so any
 * event can be generated on its own, in any order, and always comes out the same.
 */
final class Seeds {
  /** Keeps user streams apart from event streams that happen to share coordinates. */
  static final long USER_DOMAIN = 0x5553455253L;
  static final long COHORT_DOMAIN = 0x434F484F5254L;
  static final long MEMBER_DOMAIN = 0x4D454D424552L;
  static final long PROFILE_DOMAIN = 0x50524F46494CL;
  static final long TOKEN_DOMAIN = 0x544F4B454EL;

  private Seeds() {}

  static SplittableRandom random(long a, long b, long c, long d) {
    long h = mix(0x9E3779B97F4A7C15L ^ a);
    h = mix(h ^ b);
    h = mix(h ^ c);
    h = mix(h ^ d);
    return new SplittableRandom(h);
  }

  /** 32 lower-case hex digits derived from the coordinates, e.g. a default project token. */
  static String hex(long a, long b, long domain) {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(random(a, b, domain, 0).nextLong()) + hex.toHexDigits(random(a, b, domain, 1).nextLong());
  }

  /** The SplitMix64 finaliser: every input bit affects every output bit. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
