package org.mixpanellakeflow.connector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
