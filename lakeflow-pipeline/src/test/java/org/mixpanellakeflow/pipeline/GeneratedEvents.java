package org.mixpanellakeflow.pipeline;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * Large event tables made on the fly ({@link MemoryStore#defineGenerated}), shaped like Mixpanel's
 * {@code events}: a key derived from the event time ({@code event_key}), the time as cursor, and a
 * payload of random hex, which neither Parquet nor Spark's cache can compress away.
 */
final class GeneratedEvents {

  static final StructType SCHEMA =
      new StructType()
          .add("event_key", DataTypes.StringType)
          .add("event", DataTypes.StringType)
          .add("time", DataTypes.LongType)
          .add("distinct_id", DataTypes.StringType)
          .add("payload", DataTypes.StringType);

  private GeneratedEvents() {}

  /**
   * A {@code cdc} table of {@code size} events: event {@code i} has time {@code i}, key {@code
   * k<i>}.
   */
  static void define(String table, int size, int payloadBytes) {
    define(table, size, payloadBytes, 0);
  }

  /**
   * The same table read further: after its {@code size} events come the newest {@code reRead} of
   * them again, with other content, as a lookback margin re-reads the most recent events.
   */
  static void defineWithReReads(String table, int size, int payloadBytes, int reRead) {
    define(table, size, payloadBytes, reRead);
  }

  private static void define(String table, int size, int payloadBytes, int reRead) {
    MemoryStore.defineGenerated(
        table,
        SCHEMA,
        new TableMetadata(List.of("event_key"), "time", IngestionType.CDC),
        size + reRead,
        i ->
            i < size
                ? event(i, payloadBytes, 0)
                : event((long) size - reRead + (i - size), payloadBytes, 1));
  }

  static Map<String, Object> event(long i, int payloadBytes, int generation) {
    byte[] random = new byte[(payloadBytes + 1) / 2];
    new SplittableRandom(i * 31 + generation).nextBytes(random);
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event_key", "k" + i);
    event.put("event", generation == 0 ? "view" : "click");
    event.put("time", i);
    event.put("distinct_id", "user-" + (i % 10_000));
    event.put("payload", HexFormat.of().formatHex(random).substring(0, payloadBytes));
    return event;
  }
}
