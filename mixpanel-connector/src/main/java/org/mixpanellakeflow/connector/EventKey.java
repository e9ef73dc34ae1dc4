package org.mixpanellakeflow.connector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * The primary key of {@code events}: one row per event Mixpanel keeps, and the same row when the
 * event is read again.
 *
 * <p>Mixpanel deduplicates on (event name, {@code distinct_id}, {@code time}, {@code $insert_id})
 * and keeps events that differ in any of them, so {@code $insert_id} alone would collapse distinct
 * events. Identity merge rewrites {@code distinct_id} in later exports and marks the event with
 * {@code $distinct_id_before_identity}, so the key takes the id the event was sent with, {@code
 * $distinct_id_before_identity} when present and {@code distinct_id} otherwise, and stays stable
 * across merges (the newest export's {@code distinct_id} wins in the row). {@code event_key} is the
 * first 32 hex digits of the SHA-256 of those four values joined by U+0001, as stored in the row
 * ({@code time} in true UTC milliseconds), so Spark SQL can compute it from a row ({@link
 * #BACKFILL}), which lets the pipeline add the key to tables written before it existed.
 */
final class EventKey {

  static final String COLUMN = "event_key";
  static final String BEFORE_IDENTITY = "$distinct_id_before_identity";
  static final String INSERT_ID = "$insert_id";
  private static final char SEPARATOR = '\u0001';

  /** The key of a stored row, in Spark SQL; must equal {@link #of}. */
  static final String BACKFILL =
      "substr(sha2(concat_ws(chr(1), coalesce(event, ''),"
          + " coalesce(cast(properties.time as string), ''), coalesce(`$insert_id`, ''),"
          + " coalesce(properties.custom_properties['" + BEFORE_IDENTITY + "'],"
          + " properties.distinct_id, properties.custom_properties['distinct_id'], '')), 256), 1, 32)";

  static final TableMetadata METADATA =
      new TableMetadata(List.of(COLUMN), "properties.time", IngestionType.CDC)
          .withUntrackedColumns(List.of(MixpanelSchemas.GENERATED_TIMESTAMP))
          .withKeyBackfills(Map.of(COLUMN, BACKFILL))
          .withSequenceFixedPerKey();

  /**
   * The metadata of {@code events} in a {@link PropertiesFormat}. With {@code variant} the cursor
   * is the top-level {@code time}, and there is no backfill: such a table has the key from its
   * first write, and {@link #BACKFILL} reads the typed struct it does not have.
   */
  static TableMetadata metadata(PropertiesFormat format) {
    if (format.hasStruct()) {
      return METADATA;
    }
    return new TableMetadata(List.of(COLUMN), "time", IngestionType.CDC)
        .withUntrackedColumns(List.of(MixpanelSchemas.GENERATED_TIMESTAMP))
        .withSequenceFixedPerKey();
  }

  private EventKey() {}

  /**
   * The key of an event record.
   *
   * @param properties the record's split properties (typed ones plus {@code custom_properties})
   */
  static String of(String event, String insertId, Map<String, Object> properties) {
    return of(event, properties.get("time"), insertId, identity(properties));
  }

  /** The key from its four parts, each as the row stores it ({@code null} counts as empty). */
  static String of(String event, Object time, String insertId, Object identity) {
    String joined =
        text(event) + SEPARATOR + text(time) + SEPARATOR + text(insertId) + SEPARATOR
            + text(identity);
    return sha256Hex(joined).substring(0, 32);
  }

  /** The distinct id the event was sent with, as a row stores it; null when it has none. */
  @SuppressWarnings("unchecked")
  static Object identity(Map<String, Object> properties) {
    Map<String, Object> custom =
        (Map<String, Object>) properties.getOrDefault(MixpanelSchemas.CUSTOM_PROPERTIES, Map.of());
    Object before = custom.get(BEFORE_IDENTITY);
    if (before != null) {
      return before;
    }
    Object distinctId = properties.get("distinct_id");
    return distinctId != null ? distinctId : custom.get("distinct_id");
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * {@link #of} for values as a row holds them, without building strings: the same bytes are
   * hashed (a row's strings are valid UTF-8, so their bytes are the UTF-8 of their text). Not
   * thread safe.
   */
  static final class Digest {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final MessageDigest sha256 = newSha256();
    private final byte[] digits = new byte[20];
    private final byte[] hash = new byte[32];

    UTF8String of(UTF8String event, Long time, UTF8String insertId, UTF8String identity) {
      update(event);
      sha256.update((byte) SEPARATOR);
      if (time != null) {
        updateDecimal(time);
      }
      sha256.update((byte) SEPARATOR);
      update(insertId);
      sha256.update((byte) SEPARATOR);
      update(identity);
      try {
        sha256.digest(hash, 0, hash.length);
      } catch (java.security.DigestException e) {
        throw new IllegalStateException("SHA-256 digests are 32 bytes", e);
      }
      byte[] hex = new byte[32];
      for (int i = 0; i < 16; i++) {
        hex[2 * i] = HEX[(hash[i] >> 4) & 0xf];
        hex[2 * i + 1] = HEX[hash[i] & 0xf];
      }
      return UTF8String.fromBytes(hex);
    }

    private void update(UTF8String value) {
      if (value == null) {
        return;
      }
      if (value.getBaseObject() instanceof byte[] bytes) {
        sha256.update(bytes, (int) (value.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET), value.numBytes());
      } else {
        sha256.update(value.getBytes());
      }
    }

    private void updateDecimal(long value) {
      if (value == Long.MIN_VALUE) {
        sha256.update(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        return;
      }
      int start = digits.length;
      long rest = Math.abs(value);
      do {
        digits[--start] = (byte) ('0' + rest % 10);
        rest /= 10;
      } while (rest > 0);
      if (value < 0) {
        digits[--start] = '-';
      }
      sha256.update(digits, start, digits.length - start);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
