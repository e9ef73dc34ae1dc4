package org.mixpanellakeflow.connector;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.client.MixpanelClient;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.mixpanellakeflow.connect.TableMetadata;
import org.mixpanellakeflow.connect.TableRead;

/**
 * The Mixpanel source: {@code events} (cdc on {@code $insert_id}, read through the raw export
 * API in day windows) and {@code cohorts} (snapshot).
 *
 * <p>"Now" is frozen the first time an instance needs it, so a {@code Trigger.AvailableNow} run
 * converges; a new instance (the next run) sees a new "now". Not thread safe.
 */
public final class MixpanelConnector implements LakeflowConnect, SupportsPartitionedReads {

  static final String EVENTS = "events";
  static final String COHORTS = "cohorts";
  static final List<String> TABLES = List.of(EVENTS, COHORTS);

  /** Export windows planned into one micro-batch; they are read in parallel by executors. */
  static final int MAX_WINDOWS_PER_BATCH = 4;

  private final MixpanelConnectorConf conf;
  private final Clock clock;
  private Instant frozenNow;
  private MixpanelClient client;

  MixpanelConnector(MixpanelConnectorConf conf, Clock clock) {
    this.conf = Objects.requireNonNull(conf, "conf is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  @Override
  public List<String> listTables() {
    return TABLES;
  }

  @Override
  public StructType getTableSchema(String tableName, Map<String, String> tableOptions) {
    return switch (checkTable(tableName)) {
      case EVENTS -> MixpanelSchemas.EVENTS;
      default -> MixpanelSchemas.COHORTS;
    };
  }

  @Override
  public TableMetadata readTableMetadata(String tableName, Map<String, String> tableOptions) {
    return switch (checkTable(tableName)) {
      case EVENTS -> new TableMetadata(List.of("$insert_id"), "properties.time", IngestionType.CDC);
      default -> new TableMetadata(List.of("id"), null, IngestionType.SNAPSHOT);
    };
  }

  @Override
  public TableRead readTable(
      String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions) {
    if (checkTable(tableName).equals(COHORTS)) {
      return new TableRead(readPartition(COHORTS, cohortsPartition(), tableOptions), null);
    }
    Map<String, Object> start = startOffset == null || startOffset.isEmpty()
        ? initialOffset(tableName, tableOptions)
        : startOffset;
    Map<String, Object> end = latestOffset(tableName, tableOptions, start);
    List<Map<String, Object>> partitions = getPartitions(tableName, tableOptions, start, end);
    return new TableRead(new ConcatenatedRecords(this, tableName, partitions, tableOptions), end);
  }

  @Override
  public Map<String, Object> initialOffset(String tableName, Map<String, String> tableOptions) {
    if (checkTable(tableName).equals(COHORTS)) {
      return Map.of("version", EventsOffset.VERSION);
    }
    LocalDate today = today();
    LocalDate first =
        conf.startDate() != null ? conf.startDate() : today.minusDays(conf.historicalDays());
    return EventsOffset.startingAt(first.isAfter(today) ? today : first).toMap();
  }

  @Override
  public Map<String, Object> latestOffset(
      String tableName, Map<String, String> tableOptions, Map<String, Object> start) {
    if (checkTable(tableName).equals(COHORTS)) {
      return start == null ? initialOffset(tableName, tableOptions) : start;
    }
    EventsOffset from = start == null
        ? EventsOffset.fromMap(initialOffset(tableName, tableOptions))
        : EventsOffset.fromMap(start);
    LocalDate today = today();
    if (from.day().isBefore(today)) {
      LocalDate next = from.day().plusDays((long) conf.exportWindowDays() * MAX_WINDOWS_PER_BATCH);
      return EventsOffset.startingAt(next.isAfter(today) ? today : next).toMap();
    }
    long asOf = now().toEpochMilli();
    if (from.day().isAfter(today) || (from.isPartial() && from.asOf() >= asOf)) {
      return from.toMap();
    }
    return new EventsOffset(today, asOf).toMap();
  }

  @Override
  public List<Map<String, Object>> getPartitions(
      String tableName,
      Map<String, String> tableOptions,
      Map<String, Object> start,
      Map<String, Object> end) {
    if (checkTable(tableName).equals(COHORTS)) {
      return start != null && start.equals(end) ? List.of() : List.of(cohortsPartition());
    }
    EventsOffset from;
    EventsOffset to;
    if (start == null && end == null) {
      from = EventsOffset.fromMap(initialOffset(tableName, tableOptions));
      to = new EventsOffset(today(), now().toEpochMilli());
    } else {
      from = EventsOffset.fromMap(start == null ? initialOffset(tableName, tableOptions) : start);
      to = EventsOffset.fromMap(end);
    }
    if (from.equals(to)) {
      return List.of();
    }
    LocalDate last = to.isPartial() ? to.day() : to.day().minusDays(1);
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (LocalDate day = from.day(); !day.isAfter(last); day = day.plusDays(conf.exportWindowDays())) {
      LocalDate windowEnd = day.plusDays(conf.exportWindowDays() - 1L);
      partitions.add(
          ExportWindow.of(day, windowEnd.isAfter(last) ? last : windowEnd).toPartition());
    }
    return Collections.unmodifiableList(partitions);
  }

  @Override
  public RecordIterator readPartition(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions) {
    long generatedAt = clock.millis();
    if (checkTable(tableName).equals(COHORTS)) {
      return RecordIterator.of(CohortRecords.toRecords(client().listCohorts(), generatedAt));
    }
    return new ExportRecords(client(), ExportWindow.fromPartition(partition), generatedAt);
  }

  /**
   * The last day Mixpanel will accept as {@code to_date} for this project. Mixpanel judges "today"
   * in UTC for projects created from 2023 and in the project timezone before; the earlier of the
   * two is safe for both, whatever the machine's clock zone.
   */
  LocalDate today() {
    Instant now = now();
    LocalDate inProjectZone = LocalDate.ofInstant(now, conf.projectTimezone());
    LocalDate inUtc = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return inProjectZone.isBefore(inUtc) ? inProjectZone : inUtc;
  }

  private Instant now() {
    if (frozenNow == null) {
      frozenNow = clock.instant();
    }
    return frozenNow;
  }

  private MixpanelClient client() {
    if (client == null) {
      client = MixpanelClient.create(conf.clientConfig());
    }
    return client;
  }

  private static Map<String, Object> cohortsPartition() {
    return Map.of("table", COHORTS);
  }

  private static String checkTable(String tableName) {
    if (tableName == null || !TABLES.contains(tableName)) {
      throw new LakeflowException(
          "Unknown table '" + tableName + "': the Mixpanel connector serves " + String.join(", ", TABLES));
    }
    return tableName;
  }
}
