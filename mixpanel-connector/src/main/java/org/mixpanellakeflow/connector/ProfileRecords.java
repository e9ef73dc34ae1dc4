package org.mixpanellakeflow.connector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mixpanellakeflow.client.ApiFamily;
import org.mixpanellakeflow.client.EngageQuery;
import org.mixpanellakeflow.client.EngageStream;
import org.mixpanellakeflow.client.MixpanelClient;
import org.mixpanellakeflow.connect.RecordIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles of an engage query, every page, as records of the {@code engage} schema, read with the
 * partition's own client; its report is the Query API requests it spent.
 */
final class ProfileRecords implements RecordIterator {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileRecords.class);

  private final MixpanelClient client;
  private final EngageStream stream;
  private final long generatedAt;
  private final PropertiesFormat format;
  private long records;
  private boolean closed;

  /** @param client this partition's client, closed with the iterator */
  ProfileRecords(
      ReadContext context, EngageQuery query, MixpanelClient client, PropertiesFormat format) {
    this.generatedAt = context.readTimeMillis();
    this.format = format;
    this.client = client;
    this.stream = client.queryEngageAll(query);
  }

  @Override
  public boolean hasNext() {
    boolean more = stream.hasNext();
    if (!more) {
      close();
    }
    return more;
  }

  @Override
  public Map<String, Object> next() {
    records++;
    return toRecord(stream.next(), generatedAt, format);
  }

  static Map<String, Object> toRecord(Map<String, Object> profile, long generatedAt) {
    return toRecord(profile, generatedAt, PropertiesFormat.STRUCT);
  }

  /**
   * A profile as a record of {@link MixpanelSchemas#engage}. The VARIANT is {@code $properties}
   * as Mixpanel sent it (whatever JSON it is; absent, none), which the source stores exactly.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toRecord(
      Map<String, Object> profile, long generatedAt, PropertiesFormat format) {
    Object raw = profile.get("$properties");
    Map<String, Object> properties = raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    Map<String, Object> record = new HashMap<>(8);
    record.put("$distinct_id", distinctId(profile.get("$distinct_id")));
    if (format.hasStruct()) {
      record.put(
          "$properties",
          PropertySplit.split(properties, MixpanelSchemas.ENGAGE_STANDARD_PROPERTIES, null));
      if (format.hasVariant()) {
        record.put(MixpanelSchemas.ENGAGE_PROPERTIES_VARIANT, raw);
      }
    } else {
      record.put("$properties", raw);
      record.put(
          "$last_seen",
          PropertySplit.typed(
              properties.get("$last_seen"),
              MixpanelSchemas.ENGAGE_STANDARD_PROPERTIES.get("$last_seen")));
    }
    record.put(MixpanelSchemas.GENERATED_TIMESTAMP, generatedAt);
    return record;
  }

  /** Mixpanel's spec shows numeric ids; they are strings in practice. Keep both as text. */
  static String distinctId(Object id) {
    return id == null ? null : id instanceof String s ? s : PropertySplit.asText(id);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      stream.close();
      client.close();
      LOG.info("Engage read done: {} profiles", records);
    }
  }

  @Override
  public Map<String, Object> report() {
    return queryReport(client);
  }

  @Override
  public Map<String, Long> metrics() {
    return ReadMetrics.of(client);
  }

  /** The Query API requests a partition's client spent, as a report. */
  static Map<String, Object> queryReport(MixpanelClient client) {
    List<Long> starts = client.countedRequestStarts(ApiFamily.QUERY);
    return starts.isEmpty()
        ? Map.of()
        : Map.of(ReadContext.REPORT_QUERY_STARTS, RequestLedger.encode(starts));
  }
}
