package org.mixpanellakeflow.emulator;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from coordinates such as (seed, project, day, index), so any
 * event can be generated on its own, in any order, and always comes out the same.
 */
final class Seeds {
  /** Keeps user streams apart from event streams that happen to share coordinates. */
  static final long USER_DOMAIN = 0x5553455253L;
  static final long COHORT_DOMAIN = 0x434F484F5254L;

  private Seeds() {}

  static SplittableRandom random(long a, long b, long c, long d) {
    long h = mix(0x9E3779B97F4A7C15L ^ a);
    h = mix(h ^ b);
    h = mix(h ^ c);
    h = mix(h ^ d);
    return new SplittableRandom(h);
  }

  /** The SplitMix64 finaliser: every input bit affects every output bit. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
