package org.mixpanellakeflow.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rare properties at Mixpanel's documented limits, so readers meet them in ordinary data: a
 * string of exactly 255 UTF-8 bytes (the value limit) on about one event in a thousand, a list of
 * 200 strings on about one in two thousand, and on about one in five thousand enough extra
 * properties to bring the event to 250 (the limit is under 255).
 */
final class NearLimitProperties {
  static final int MAX_STRING_BYTES = 255;
  static final int WIDE_EVENT_PROPERTIES = 250;
  /** Three bytes each in UTF-8: 85 of them are exactly 255 bytes. */
  private static final String THREE_BYTE_CHARS = "東京都大阪市名古屋札幌福岡";

  private NearLimitProperties() {}

  static void maybeAddTo(Map<String, Object> properties, SplittableRandom random) {
    int roll = random.nextInt(10_000);
    if (roll < 10) {
      StringBuilder text = new StringBuilder(85);
      for (int i = 0; i < 85; i++) {
        text.append(THREE_BYTE_CHARS.charAt(random.nextInt(THREE_BYTE_CHARS.length())));
      }
      properties.put("long_note", text.toString());
    } else if (roll < 15) {
      List<Object> tags = new ArrayList<>(200);
      for (int i = 0; i < 200; i++) {
        tags.add("tag-" + random.nextInt(1_000));
      }
      properties.put("many_tags", Collections.unmodifiableList(tags));
    } else if (roll < 17) {
      for (int i = 0; properties.size() < WIDE_EVENT_PROPERTIES; i++) {
        properties.put(String.format("flag_%03d", i), random.nextInt(4) == 0 ? null : (long) random.nextInt(100));
      }
    }
  }
}
