package org.mixpanellakeflow.connector;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.client.ApiFamily;
import org.mixpanellakeflow.client.EngageQuery;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * {@code engage}: user profiles through the engage API, every page of a session.
 *
 * <p>The first sync reads every profile. Later syncs ask Mixpanel only for profiles whose {@code
 * $last_seen} is at or after the previous sync's "now" less {@code engage_lookback_hours} ({@code
 * where}, on the server). The margin catches updates whose {@code $last_seen} lies before the
 * previous sync although they reached Mixpanel after it: mobile devices flush offline queues with
 * the original {@code $time}, and clocks differ. {@code $last_seen} is a UTC time for every
 * project, legacy ones included (Mixpanel sets it from the update's epoch {@code $time} and asks
 * for UTC datetimes; the legacy project-time shift applies to event {@code time} only), so the
 * cursor is UTC too and never repeats an hour when a zone leaves summer time. {@code $last_seen}
 * moves only when a profile is updated through the API (not on UI edits, nor on updates sent with
 * {@code $ignore_time}); {@code engage_full_refresh=true} reads every profile on every sync for
 * projects that rely on those.
 */
final class EngageTable implements MixpanelTable {

  static final String LAST_SEEN_FROM = "last_seen_from";

  private final PropertiesFormat format;

  EngageTable(PropertiesFormat format) {
    this.format = format;
  }

  @Override
  public String name() {
    return MixpanelConnector.ENGAGE;
  }

  @Override
  public StructType schema() {
    return MixpanelSchemas.engage(format);
  }

  /** The cursor is {@code $last_seen}: in the typed struct, or beside the VARIANT without one. */
  @Override
  public TableMetadata metadata() {
    String cursor = format.hasStruct() ? "$properties.$last_seen" : "$last_seen";
    return new TableMetadata(List.of("$distinct_id"), cursor, IngestionType.CDC)
        .withUntrackedColumns(List.of(MixpanelSchemas.GENERATED_TIMESTAMP));
  }

  @Override
  public Map<String, Object> initialOffset(ReadContext context) {
    return EngageOffset.INITIAL.toMap();
  }

  /**
   * Up to now, whatever {@code maxRecords} says: one engage query reads every profile changed
   * since the cursor, and Mixpanel's paging session cannot stop and resume in another batch.
   */
  @Override
  public Map<String, Object> latestOffset(
      ReadContext context, Map<String, Object> start, long maxRecords) {
    EngageOffset from = offset(context, start);
    LocalDateTime to = LocalDateTime.ofInstant(context.now(), ZoneOffset.UTC).withNano(0);
    RequestLedger spent = context.ledger(ApiFamily.QUERY, from.querySpent());
    boolean learned = !from.querySpent().starts().containsAll(spent.starts());
    if (from.lastSeen() != null && !from.lastSeen().isBefore(to) && !learned) {
      return start;
    }
    LocalDateTime end = from.lastSeen() != null && from.lastSeen().isAfter(to) ? from.lastSeen() : to;
    return new EngageOffset(end, spent).toMap();
  }

  @Override
  public List<Map<String, Object>> partitions(
      ReadContext context, Map<String, Object> start, Map<String, Object> end) {
    if (start != null && start.equals(end)) {
      return List.of();
    }
    EngageOffset from = offset(context, start);
    EngageOffset to = end == null ? null : offset(context, end);
    if (to != null && from.lastSeen() != null && from.lastSeen().equals(to.lastSeen())) {
      return List.of(); // only the ledger moved
    }
    Map<String, Object> partition = new LinkedHashMap<>();
    partition.put("table", name());
    if (from.lastSeen() != null && !context.conf().engageFullRefresh()) {
      LocalDateTime since = from.lastSeen().minus(context.conf().engageLookback());
      partition.put(LAST_SEEN_FROM, since.format(EngageOffset.LAST_SEEN));
    }
    RequestLedger spent = to != null ? to.querySpent() : context.ledger(ApiFamily.QUERY, RequestLedger.EMPTY);
    return BudgetPlan.assign(List.of(partition), context.budget(ApiFamily.QUERY), spent);
  }

  @Override
  public RecordIterator read(ReadContext context, Map<String, Object> partition) {
    Object from = partition.get(LAST_SEEN_FROM);
    EngageQuery query = EngageQuery.allProfiles();
    if (from != null) {
      query = query.withWhere("properties[\"$last_seen\"] >= \"" + from + "\"");
    }
    return new ProfileRecords(
        context, query, context.clientFor(partition, ApiFamily.QUERY), format);
  }

  /**
   * {@code lastSeenLagSeconds}: how far the cursor ({@code $last_seen} read up to) is behind now;
   * absent before the first batch.
   */
  @Override
  public Map<String, String> progressMetrics(ReadContext context, Map<String, Object> consumed) {
    if (consumed == null || consumed.isEmpty()) {
      return Map.of();
    }
    EngageOffset at = offset(context, consumed);
    if (at.lastSeen() == null) {
      return Map.of();
    }
    long lag =
        Math.max(0, context.now().getEpochSecond() - at.lastSeen().toEpochSecond(ZoneOffset.UTC));
    return Map.of(LAST_SEEN_LAG_SECONDS, Long.toString(lag));
  }

  static final String LAST_SEEN_LAG_SECONDS = "lastSeenLagSeconds";

  private static EngageOffset offset(ReadContext context, Map<String, Object> map) {
    MixpanelConnectorConf conf = context.conf();
    ZoneId legacyZone = conf.eventTime().isLegacy() ? conf.projectTimezone() : null;
    return EngageOffset.fromMap(map, legacyZone);
  }
}
