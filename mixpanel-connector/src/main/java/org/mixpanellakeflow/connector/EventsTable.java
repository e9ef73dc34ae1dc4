package org.mixpanellakeflow.connector;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * {@code events}: the raw export API, read in day windows.
 *
 * <p>A batch has up to two parts. The <em>forward</em> part reads whole days not read before,
 * from the offset's day up to the project's today, at most {@link
 * MixpanelConnector#MAX_WINDOWS_PER_BATCH} windows of {@code export_window_days} per batch. The
 * <em>catch-up</em> part, once per sync, re-reads the days already covered that are still within
 * {@code lookback_days} (and always the last, possibly partial, day) but only for events Mixpanel
 * processed after the offset's watermark: late arrivals cost one request, not a whole window.
 */
final class EventsTable implements MixpanelTable {

  /**
   * How far the watermark stays behind "now": an event Mixpanel processed just before a read
   * may not be exportable yet, so the next sync looks again at that last stretch.
   */
  static final Duration PROCESSING_LAG = Duration.ofMinutes(10);

  @Override
  public String name() {
    return MixpanelConnector.EVENTS;
  }

  @Override
  public StructType schema() {
    return MixpanelSchemas.EVENTS;
  }

  @Override
  public TableMetadata metadata() {
    return new TableMetadata(List.of("$insert_id"), "properties.time", IngestionType.CDC);
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
  public Map<String, Object> latestOffset(ReadContext context, Map<String, Object> start) {
    EventsOffset from = EventsOffset.fromMap(start == null ? initialOffset(context) : start);
    LocalDate today = context.today();
    long watermark = watermark(context);
    if (from.day().isAfter(today)) {
      boolean caughtUp = from.watermark() != null && from.watermark() >= watermark;
      return caughtUp ? from.toMap() : new EventsOffset(from.day(), watermark).toMap();
    }
    LocalDate next = from.day().plusDays(batchDays(context.conf()));
    LocalDate tomorrow = today.plusDays(1);
    return new EventsOffset(next.isAfter(tomorrow) ? tomorrow : next, watermark).toMap();
  }

  @Override
  public List<Map<String, Object>> partitions(
      ReadContext context, Map<String, Object> start, Map<String, Object> end) {
    EventsOffset from = EventsOffset.fromMap(start == null ? initialOffset(context) : start);
    // a batch read (no end) covers everything up to now in one go
    EventsOffset to = end == null
        ? new EventsOffset(context.today().plusDays(1), watermark(context))
        : EventsOffset.fromMap(end);
    if (from.equals(to)) {
      return List.of();
    }
    int windowDays = context.conf().exportWindowDays();
    List<Map<String, Object>> partitions = new ArrayList<>();
    boolean catchUp = from.watermark() != null && to.watermark() != null && to.watermark() > from.watermark();
    if (catchUp) {
      LocalDate lastCovered = from.day().minusDays(1);
      LocalDate lookbackStart = context.today().minusDays(context.conf().lookbackDays());
      LocalDate first = lookbackStart.isBefore(lastCovered) ? lookbackStart : lastCovered;
      addWindows(partitions, first, lastCovered, windowDays, from.watermark());
    }
    addWindows(partitions, from.day(), to.day().minusDays(1), windowDays, null);
    return Collections.unmodifiableList(partitions);
  }

  @Override
  public RecordIterator read(ReadContext context, Map<String, Object> partition) {
    return new ExportRecords(context, ExportWindow.fromPartition(partition));
  }

  private static void addWindows(
      List<Map<String, Object>> partitions, LocalDate first, LocalDate last, int windowDays, Long after) {
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(windowDays)) {
      LocalDate end = day.plusDays(windowDays - 1L);
      partitions.add(new ExportWindow(day, end.isAfter(last) ? last : end, after).toPartition());
    }
  }

  /**
   * Days one micro-batch reads forward: up to {@link MixpanelConnector#MAX_WINDOWS_PER_BATCH}
   * windows, or, with {@code max_records_per_batch}, as many whole days as that many records take
   * at the daily volume this JVM has seen (at least one day; one window while the volume is not
   * known yet). Mixpanel's export cannot resume inside a response, so the cap holds at day
   * granularity, not to the record.
   */
  static long batchDays(MixpanelConnectorConf conf) {
    long windows = (long) conf.exportWindowDays() * MixpanelConnector.MAX_WINDOWS_PER_BATCH;
    if (conf.maxRecordsPerBatch() == null) {
      return windows;
    }
    double perDay = VolumeEstimates.perDay(conf.projectKey());
    if (perDay <= 0) {
      return conf.exportWindowDays();
    }
    return Math.min(windows, Math.max(1, (long) (conf.maxRecordsPerBatch() / perDay)));
  }

  private static long watermark(ReadContext context) {
    return context.now().minus(PROCESSING_LAG).toEpochMilli();
  }
}
