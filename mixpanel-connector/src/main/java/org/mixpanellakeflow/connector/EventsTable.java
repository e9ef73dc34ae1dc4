package org.mixpanellakeflow.connector;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.client.ApiFamily;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.RowIterator;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * {@code events}: the raw export API, read in day windows.
 *
 * <p>A batch has up to two parts. The <em>forward</em> part reads whole days not read before,
 * from the offset's day up to the project's today, at most {@link
 * MixpanelConnector#MAX_WINDOWS_PER_BATCH} windows of {@code export_window_days} per batch. The
 * <em>catch-up</em> part, once per sync, re-reads the days already covered that are still within
 * {@code lookback_days} (and always the last, possibly partial, day), never before the table's
 * first day, but only for events Mixpanel processed after the offset's watermark: late arrivals
 * cost one request, not a whole window. The watermark stays {@code processing_lag_minutes} behind
 * "now", so an event processed just before a sync but not yet exportable, or processed while this
 * machine's clock ran ahead of Mixpanel's, is looked for again.
 *
 * <p>Each partition carries its lane of the export budget ({@link BudgetPlan}) and the busiest
 * day seen so far, so executors cut requests to {@code max_events_per_request} before sending
 * them; partitions report back what they saw and spent, which the next offset keeps.
 */
final class EventsTable implements MixpanelTable {

  static final String EVENTS_PER_DAY = "events_per_day";

  private final PropertiesFormat format;

  EventsTable(PropertiesFormat format) {
    this.format = format;
  }

  @Override
  public String name() {
    return MixpanelConnector.EVENTS;
  }

  @Override
  public StructType schema() {
    return MixpanelSchemas.events(format);
  }

  @Override
  public TableMetadata metadata() {
    return EventKey.metadata(format);
  }

  @Override
  public Map<String, Object> initialOffset(ReadContext context) {
    MixpanelConnectorConf conf = context.conf();
    LocalDate today = context.today();
    LocalDate first =
        conf.startDate() != null ? conf.startDate() : today.minusDays(conf.historicalDays());
    return EventsOffset.startingAt(first.isAfter(today) ? today : first).toMap();
  }

  @Override
  public Map<String, Object> latestOffset(
      ReadContext context, Map<String, Object> start, long maxRecords) {
    EventsOffset from = EventsOffset.fromMap(start == null ? initialOffset(context) : start);
    LocalDate today = context.today();
    long watermark = watermark(context);
    long perDay = Math.max(from.eventsPerDay(), (long) Math.ceil(context.learnedEventsPerDay()));
    RequestLedger spent = context.ledger(ApiFamily.EXPORT, from.exportSpent());
    EventsOffset next;
    if (from.day().isAfter(today)) {
      boolean caughtUp = from.watermark() != null && from.watermark() >= watermark;
      next = caughtUp ? from : from.withProgress(from.day(), watermark);
    } else {
      LocalDate nextDay = from.day().plusDays(batchDays(context.conf(), perDay, maxRecords));
      LocalDate tomorrow = today.plusDays(1);
      next = from.withProgress(nextDay.isAfter(tomorrow) ? tomorrow : nextDay, watermark);
    }
    boolean learned =
        perDay > from.eventsPerDay() || !from.exportSpent().starts().containsAll(spent.starts());
    if (next.samePlace(from) && !learned) {
      // converged: only offsets that move, or carry something new, make a batch
      return start == null ? from.toMap() : start;
    }
    return next.withKnowledge(perDay, spent).toMap();
  }

  @Override
  public List<Map<String, Object>> partitions(
      ReadContext context, Map<String, Object> start, Map<String, Object> end) {
    EventsOffset from = EventsOffset.fromMap(start == null ? initialOffset(context) : start);
    // a batch read (no end) covers everything up to now in one go
    EventsOffset to =
        end == null
            ? from.withProgress(context.today().plusDays(1), watermark(context))
                .withKnowledge(
                    (long) Math.ceil(context.learnedEventsPerDay()),
                    context.ledger(ApiFamily.EXPORT, RequestLedger.EMPTY))
            : EventsOffset.fromMap(end);
    if (from.samePlace(to)) {
      return List.of();
    }
    MixpanelConnectorConf conf = context.conf();
    List<ExportWindow> catchUp = new ArrayList<>();
    boolean sweep =
        from.watermark() != null && to.watermark() != null && to.watermark() > from.watermark();
    if (sweep) {
      LocalDate lastCovered = from.day().minusDays(1);
      LocalDate lookbackStart = context.today().minusDays(conf.lookbackDays());
      LocalDate first = lookbackStart.isBefore(lastCovered) ? lookbackStart : lastCovered;
      LocalDate floor = from.firstDay() != null ? from.firstDay() : conf.startDate();
      if (floor != null && first.isBefore(floor)) {
        first = floor;
      }
      addWindows(catchUp, first, lastCovered, conf.exportWindowDays(), from.watermark());
    }
    List<ExportWindow> forward = new ArrayList<>();
    addWindows(forward, from.day(), to.day().minusDays(1), conf.exportWindowDays(), null);
    int lanes = BudgetPlan.maxLanes(context.budget(ApiFamily.EXPORT));
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (ExportWindow window : merged(catchUp, forward, lanes)) {
      Map<String, Object> partition = window.toPartition();
      partition.put(EVENTS_PER_DAY, to.eventsPerDay());
      partitions.add(partition);
    }
    return Collections.unmodifiableList(
        BudgetPlan.assign(partitions, context.budget(ApiFamily.EXPORT), to.exportSpent()));
  }

  @Override
  public RecordIterator read(ReadContext context, Map<String, Object> partition) {
    return ExportRecords.records(
        context,
        ExportWindow.fromPartition(partition),
        eventsPerDay(partition),
        context.clientFor(partition, ApiFamily.EXPORT),
        format);
  }

  /** The fast path: export lines decoded straight into Spark rows ({@link EventRowDecoder}). */
  @Override
  public RowIterator readRows(ReadContext context, Map<String, Object> partition) {
    return ExportRecords.rows(
        context,
        ExportWindow.fromPartition(partition),
        eventsPerDay(partition),
        context.clientFor(partition, ApiFamily.EXPORT),
        format);
  }

  private static long eventsPerDay(Map<String, Object> partition) {
    return partition.get(EVENTS_PER_DAY) instanceof Number n ? n.longValue() : 0;
  }

  /**
   * Windows of at most {@code windowDays} covering {@code [first, last]}, as few as that allows and
   * as even as can be (11 days in 7-day windows are 6 + 5, not 7 + 4), so that the partitions of a
   * batch take about as long as each other and no core waits for the longest.
   */
  static void addWindows(
      List<ExportWindow> windows, LocalDate first, LocalDate last, int windowDays, Long after) {
    long days = last.toEpochDay() - first.toEpochDay() + 1;
    if (days <= 0) {
      return;
    }
    long count = (days + windowDays - 1) / windowDays;
    long base = days / count;
    long longer = days % count;
    LocalDate from = first;
    for (long i = 0; i < count; i++) {
      LocalDate to = from.plusDays(base + (i < longer ? 1 : 0) - 1);
      windows.add(new ExportWindow(from, to, after));
      from = to.plusDays(1);
    }
  }

  /**
   * The windows as at most {@code lanes} partitions: neighbouring windows of the same kind share a
   * partition when there are more windows than the budget has lanes (a batch read of years).
   */
  static List<ExportWindow> merged(List<ExportWindow> catchUp, List<ExportWindow> forward, int lanes) {
    int total = catchUp.size() + forward.size();
    if (total <= lanes) {
      List<ExportWindow> all = new ArrayList<>(catchUp);
      all.addAll(forward);
      return all;
    }
    int kinds = (catchUp.isEmpty() ? 0 : 1) + (forward.isEmpty() ? 0 : 1);
    int perPartition = (int) Math.ceil((double) total / Math.max(1, lanes - (kinds - 1)));
    List<ExportWindow> merged = new ArrayList<>(group(catchUp, perPartition));
    merged.addAll(group(forward, perPartition));
    return merged;
  }

  private static List<ExportWindow> group(List<ExportWindow> windows, int perPartition) {
    List<ExportWindow> groups = new ArrayList<>();
    for (int i = 0; i < windows.size(); i += perPartition) {
      ExportWindow first = windows.get(i);
      ExportWindow last = windows.get(Math.min(windows.size(), i + perPartition) - 1);
      groups.add(new ExportWindow(first.from(), last.to(), first.processedAfter()));
    }
    return groups;
  }

  /**
   * Days one micro-batch reads forward: up to {@link MixpanelConnector#MAX_WINDOWS_PER_BATCH}
   * windows, or, with a record limit ({@code max_records_per_batch}, or Spark's {@code
   * maxRowsPerTrigger} as {@code maxRecords}; the smaller wins), as many whole days as that many
   * records take at the busiest daily volume seen (at least one day, and one day while no volume is
   * known yet). Mixpanel's export cannot resume inside a response, so the limit holds at day
   * granularity, not to the record: a day busier than the limit is read whole. The catch-up of
   * late events (see the class comment) is not counted against it.
   */
  static long batchDays(MixpanelConnectorConf conf, long eventsPerDay, long maxRecords) {
    long windows = (long) conf.exportWindowDays() * MixpanelConnector.MAX_WINDOWS_PER_BATCH;
    long limit =
        Math.min(
            maxRecords, conf.maxRecordsPerBatch() == null ? Long.MAX_VALUE : conf.maxRecordsPerBatch());
    if (limit == Long.MAX_VALUE) {
      return windows;
    }
    if (eventsPerDay <= 0) {
      return 1;
    }
    return Math.min(windows, Math.max(1, limit / eventsPerDay));
  }

  /**
   * {@code daysBehind}: whole days of the project's calendar not yet read (0 once today has been
   * read up to the watermark); {@code watermarkLagSeconds}: how far the processing-time watermark
   * is behind now ({@code processing_lag_minutes} at least, by design); {@code eventsPerDay}: the
   * busiest day seen, which sizes batches.
   */
  @Override
  public Map<String, String> progressMetrics(ReadContext context, Map<String, Object> consumed) {
    if (consumed == null || consumed.isEmpty()) {
      return Map.of();
    }
    EventsOffset at = EventsOffset.fromMap(consumed);
    Map<String, String> metrics = new LinkedHashMap<>();
    long behind = context.today().toEpochDay() - at.day().toEpochDay() + 1;
    metrics.put(DAYS_BEHIND, Long.toString(Math.max(0, behind)));
    if (at.watermark() != null) {
      long lag = Math.max(0, context.now().toEpochMilli() - at.watermark()) / 1000;
      metrics.put(WATERMARK_LAG_SECONDS, Long.toString(lag));
    }
    metrics.put(EVENTS_PER_DAY_METRIC, Long.toString(at.eventsPerDay()));
    return metrics;
  }

  static final String DAYS_BEHIND = "daysBehind";
  static final String WATERMARK_LAG_SECONDS = "watermarkLagSeconds";
  static final String EVENTS_PER_DAY_METRIC = "eventsPerDay";

  private static long watermark(ReadContext context) {
    Duration lag = context.conf().processingLag();
    return context.now().minus(lag).toEpochMilli();
  }
}
