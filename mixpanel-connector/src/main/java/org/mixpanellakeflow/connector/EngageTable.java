package org.mixpanellakeflow.connector;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.client.EngageQuery;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * {@code engage}: user profiles through the engage API, every page of a session.
 *
 * <p>The first sync reads every profile. Later syncs ask Mixpanel only for profiles whose {@code
 * $last_seen} is at or after the offset's {@code last_seen} ({@code where}, on the server), which
 * is the previous sync's "now" less {@link #UPDATE_LAG}, so an update written just before a sync
 * is read again by the next one. {@code $last_seen} moves only when a profile is updated through
 * the API (not on UI edits, nor on updates sent with {@code $ignore_time}); {@code
 * engage_full_refresh=true} reads every profile on every sync for projects that rely on those.
 *
 * <p>Offset JSON: {@code {"version":1,"last_seen":"2024-05-10T11:50:00"}}; no {@code last_seen}
 * before the first sync.
 */
final class EngageTable implements MixpanelTable {

  static final Duration UPDATE_LAG = Duration.ofMinutes(10);
  static final long VERSION = 1;
  private static final DateTimeFormatter LAST_SEEN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  @Override
  public String name() {
    return MixpanelConnector.ENGAGE;
  }

  @Override
  public StructType schema() {
    return MixpanelSchemas.ENGAGE;
  }

  @Override
  public TableMetadata metadata() {
    return new TableMetadata(List.of("$distinct_id"), "$properties.$last_seen", IngestionType.CDC);
  }

  @Override
  public Map<String, Object> initialOffset(ReadContext context) {
    return Map.of("version", VERSION);
  }

  @Override
  public Map<String, Object> latestOffset(ReadContext context, Map<String, Object> start) {
    String from = lastSeen(start);
    String to = cursorAt(context);
    if (from != null && from.compareTo(to) >= 0) {
      return start;
    }
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("version", VERSION);
    end.put("last_seen", to);
    return end;
  }

  @Override
  public List<Map<String, Object>> partitions(
      ReadContext context, Map<String, Object> start, Map<String, Object> end) {
    if (start != null && start.equals(end)) {
      return List.of();
    }
    String from = context.conf().engageFullRefresh() ? null : lastSeen(start);
    Map<String, Object> partition = new LinkedHashMap<>();
    partition.put("table", name());
    if (from != null) {
      partition.put("last_seen_from", from);
    }
    return List.of(partition);
  }

  @Override
  public RecordIterator read(ReadContext context, Map<String, Object> partition) {
    Object from = partition.get("last_seen_from");
    EngageQuery query = EngageQuery.allProfiles();
    if (from != null) {
      query = query.withWhere("properties[\"$last_seen\"] >= \"" + from + "\"");
    }
    return new ProfileRecords(context, query);
  }

  /**
   * The cursor for "now": {@code $last_seen} values are wall-clock strings without an offset, in
   * UTC for projects created from 2023 and in the project timezone before.
   */
  private static String cursorAt(ReadContext context) {
    MixpanelConnectorConf conf = context.conf();
    ZoneId zone = EventTime.forProject(conf.projectCreated(), conf.projectTimezone()).isLegacy()
        ? conf.projectTimezone()
        : ZoneOffset.UTC;
    return LocalDateTime.ofInstant(context.now().minus(UPDATE_LAG), zone).format(LAST_SEEN);
  }

  private static String lastSeen(Map<String, Object> offset) {
    if (offset == null) {
      return null;
    }
    Object version = offset.get("version");
    if (!(version instanceof Number n) || n.longValue() != VERSION) {
      throw new LakeflowException(
          "Cannot resume the engage table from offset "
              + offset
              + ": this connector reads offset version "
              + VERSION
              + " only; move the table's checkpoint folder aside to start a new one");
    }
    Object value = offset.get("last_seen");
    return value == null ? null : value.toString();
  }
}
