package org.mixpanellakeflow.connector;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.ReadMetric;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.RowIterator;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.mixpanellakeflow.connect.SupportsReadMetrics;
import org.mixpanellakeflow.connect.SupportsRowReads;
import org.mixpanellakeflow.connect.TableMetadata;
import org.mixpanellakeflow.connect.TableRead;

/**
 * The Mixpanel source. Each table lives in its own {@link MixpanelTable}; this class checks
 * names, resolves a table's {@link PropertiesFormat} (its table option, else the connection's) and
 * dispatches. "Now" is frozen the first time an instance needs it (see {@link
 * ReadContext}), so a {@code Trigger.AvailableNow} run converges; a new instance (the next run)
 * sees a new "now". Not thread safe.
 */
public final class MixpanelConnector
    implements LakeflowConnect, SupportsPartitionedReads, SupportsRowReads, SupportsReadMetrics {

  static final String EVENTS = "events";
  static final String COHORTS = "cohorts";
  static final String COHORT_MEMBERS = "cohort_members";
  static final String ENGAGE = "engage";

  /** Export windows planned into one micro-batch; executors read them in parallel. */
  static final int MAX_WINDOWS_PER_BATCH = 4;

  /** Each table, made for a {@link PropertiesFormat}. */
  private final Map<String, Function<PropertiesFormat, MixpanelTable>> tables =
      new LinkedHashMap<>();
  private final ReadContext context;

  MixpanelConnector(MixpanelConnectorConf conf, Clock clock) {
    this.context = new ReadContext(conf, clock);
    tables.put(EVENTS, EventsTable::new);
    tables.put(COHORTS, format -> new CohortsTable());
    tables.put(COHORT_MEMBERS, format -> new CohortMembersTable());
    tables.put(ENGAGE, EngageTable::new);
  }

  @Override
  public List<String> listTables() {
    return List.copyOf(tables.keySet());
  }

  @Override
  public StructType getTableSchema(String tableName, Map<String, String> tableOptions) {
    return table(tableName, tableOptions).schema();
  }

  @Override
  public TableMetadata readTableMetadata(String tableName, Map<String, String> tableOptions) {
    return table(tableName, tableOptions).metadata();
  }

  @Override
  public TableRead readTable(
      String tableName, Map<String, Object> startOffset, Map<String, String> tableOptions) {
    MixpanelTable table = table(tableName, tableOptions);
    if (table.metadata().cursorField() == null) {
      return new TableRead(readPartitions(table, table.partitions(context, null, null)), null);
    }
    Map<String, Object> start =
        startOffset == null || startOffset.isEmpty() ? table.initialOffset(context) : startOffset;
    Map<String, Object> end = table.latestOffset(context, start);
    return new TableRead(readPartitions(table, table.partitions(context, start, end)), end);
  }

  @Override
  public Map<String, Object> initialOffset(String tableName, Map<String, String> tableOptions) {
    return table(tableName, tableOptions).initialOffset(context);
  }

  @Override
  public Map<String, Object> latestOffset(
      String tableName, Map<String, String> tableOptions, Map<String, Object> start) {
    return table(tableName, tableOptions).latestOffset(context, start);
  }

  /**
   * {@code events} honours {@code maxRecords} at whole days, as it does {@code
   * max_records_per_batch} (the smaller wins); the other tables read one query per batch and
   * ignore it.
   */
  @Override
  public Map<String, Object> latestOffset(
      String tableName,
      Map<String, String> tableOptions,
      Map<String, Object> start,
      long maxRecords) {
    return table(tableName, tableOptions).latestOffset(context, start, maxRecords);
  }

  @Override
  public List<ReadMetric> readMetrics(String tableName) {
    table(tableName, Map.of());
    return ReadMetrics.DECLARED;
  }

  @Override
  public Map<String, String> progressMetrics(
      String tableName, Map<String, String> tableOptions, Map<String, Object> offset) {
    return table(tableName, tableOptions).progressMetrics(context, offset);
  }

  @Override
  public List<Map<String, Object>> getPartitions(
      String tableName,
      Map<String, String> tableOptions,
      Map<String, Object> start,
      Map<String, Object> end) {
    return table(tableName, tableOptions).partitions(context, start, end);
  }

  @Override
  public RowIterator readPartitionRows(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions) {
    return table(tableName, tableOptions).readRows(context, partition);
  }

  @Override
  public void partitionsReported(
      String tableName, Map<String, String> tableOptions, List<Map<String, Object>> reports) {
    context.learn(reports);
  }

  @Override
  public RecordIterator readPartition(
      String tableName, Map<String, Object> partition, Map<String, String> tableOptions) {
    return table(tableName, tableOptions).read(context, partition);
  }

  private RecordIterator readPartitions(MixpanelTable table, List<Map<String, Object>> partitions) {
    return new ConcatenatedRecords(
        new ArrayList<>(partitions), p -> table.read(context, p), r -> context.learn(List.of(r)));
  }

  /** The table in the format its options (or else the connection's) ask for. */
  private MixpanelTable table(String tableName, Map<String, String> tableOptions) {
    Function<PropertiesFormat, MixpanelTable> table =
        tableName == null ? null : tables.get(tableName);
    if (table == null) {
      throw new LakeflowException(
          "Unknown table '"
              + tableName
              + "': the Mixpanel connector serves "
              + String.join(", ", tables.keySet()));
    }
    return table.apply(PropertiesFormat.forTable(tableOptions, context.conf().propertiesFormat()));
  }
}
