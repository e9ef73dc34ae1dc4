package org.mixpanellakeflow.connector;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.mixpanellakeflow.client.ApiFamily;
import org.apache.spark.sql.catalyst.InternalRow;
import org.mixpanellakeflow.client.ExportLineDecoder;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.client.ExportedEvent;
import org.mixpanellakeflow.client.ExportTooLargeException;
import org.mixpanellakeflow.client.MixpanelClient;
import org.mixpanellakeflow.connect.RecordIterator;
import org.mixpanellakeflow.connect.RowIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one export window, read slice by slice with the partition's own client, each line
 * decoded by an {@link ExportLineDecoder}: into an {@link ExportedEvent} for the record path
 * ({@link #records}), straight into a Spark row for the row path ({@link #rows}).
 *
 * <p>Each slice is spooled whole and checked complete (retried whole if cut short) before its
 * first event reaches Spark, so a task never emits half a window. No request covers more than
 * {@code export_window_days}, nor may it return more than {@code max_events_per_request} events:
 * a window is cut into smaller slices up front from the busiest daily volume the driver knew of,
 * and a slice whose response turns out larger is abandoned and asked for again in halves (by days,
 * then by time within a day). What the window taught (its busiest day, the requests it spent) is
 * its {@link #report()}.
 */
final class ExportRecords<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExportRecords.class);

  private final ReadContext context;
  private final MixpanelClient client;
  private final ExportLineDecoder<T> decoder;
  private final ExportWindow window;
  private final long maxEvents;
  private final ZoneId dayZone;
  private final EventTime eventTime;
  private final Deque<ExportSlice> pending = new ArrayDeque<>();
  private ExportSlice slice;
  private ExportStream<T> stream;
  private long sliceEvents;
  /** The highest average events a day of this window's whole-day slices. */
  private long busiestDay;
  private long records;
  private int requests;
  private boolean closed;

  /**
   * @param eventsPerDay the highest daily volume the driver knows of, 0 when none
   * @param client this partition's client, closed with the iterator
   */
  ExportRecords(
      ReadContext context,
      ExportWindow window,
      long eventsPerDay,
      MixpanelClient client,
      ExportLineDecoder<T> decoder) {
    this.context = context;
    this.client = client;
    this.decoder = decoder;
    this.window = window;
    MixpanelConnectorConf conf = context.conf();
    this.maxEvents = conf.maxEventsPerRequest();
    this.eventTime = conf.eventTime();
    this.dayZone = eventTime.isLegacy() ? conf.projectTimezone() : ZoneOffset.UTC;
    LOG.info("Export window {} starting", window);
    pending.addAll(planned(ExportSlice.of(window), conf.exportWindowDays(), eventsPerDay));
  }

  /** The window cut to whole windows, and to the volume known, before anything is asked. */
  private List<ExportSlice> planned(ExportSlice whole, int windowDays, long eventsPerDay) {
    long days = windowDays;
    if (whole.processedAfter() == null && eventsPerDay > 0) {
      days = Math.min(days, Math.max(1, maxEvents / eventsPerDay));
    }
    return whole.chunks(days);
  }

  /** The window as records of the {@code events} schema. */
  static RecordIterator records(
      ReadContext context,
      ExportWindow window,
      long eventsPerDay,
      MixpanelClient client,
      PropertiesFormat format) {
    long generatedAt = context.readTimeMillis();
    EventTime eventTime = context.conf().eventTime();
    ExportRecords<ExportedEvent> events =
        new ExportRecords<>(context, window, eventsPerDay, client, ExportLineDecoder.EVENTS);
    return new RecordIterator() {
      @Override
      public boolean hasNext() {
        return events.hasNext();
      }

      @Override
      public Map<String, Object> next() {
        return EventRecords.toRecord(events.next(), generatedAt, eventTime, format);
      }

      @Override
      public void close() {
        events.close();
      }

      @Override
      public Map<String, Object> report() {
        return events.report();
      }

      @Override
      public Map<String, Long> metrics() {
        return ReadMetrics.of(events.client);
      }
    };
  }

  /** The window as Spark rows of the {@code events} schema, decoded straight from the bytes. */
  static RowIterator rows(
      ReadContext context,
      ExportWindow window,
      long eventsPerDay,
      MixpanelClient client,
      PropertiesFormat format) {
    ExportRecords<InternalRow> events =
        new ExportRecords<>(
            context,
            window,
            eventsPerDay,
            client,
            new EventRowDecoder(context.readTimeMillis(), context.conf().eventTime(), format));
    return new RowIterator() {
      private InternalRow row;

      @Override
      public boolean next() {
        if (!events.hasNext()) {
          return false;
        }
        row = events.next();
        return true;
      }

      @Override
      public InternalRow get() {
        return row;
      }

      @Override
      public void close() {
        events.close();
      }

      @Override
      public Map<String, Object> report() {
        return events.report();
      }

      @Override
      public Map<String, Long> metrics() {
        return ReadMetrics.of(events.client);
      }
    };
  }

  boolean hasNext() {
    while (stream == null || !stream.hasNext()) {
      finishSlice();
      if (pending.isEmpty()) {
        close();
        return false;
      }
      open(recut(pending.poll()));
    }
    return true;
  }

  /**
   * A whole-day slice cut to the volume this window has shown so far, so that one too-large
   * response teaches the rest of the window; the first piece is returned, the others queued.
   */
  private ExportSlice recut(ExportSlice next) {
    if (busiestDay == 0 || !next.isWholeDays() || next.processedAfter() != null) {
      return next;
    }
    List<ExportSlice> pieces = next.chunks(Math.max(1, maxEvents / busiestDay));
    for (int i = pieces.size() - 1; i > 0; i--) {
      pending.addFirst(pieces.get(i));
    }
    return pieces.get(0);
  }

  private void open(ExportSlice next) {
    requests++;
    try {
      stream =
          client.exportSpooled(next.request(), context.conf().http().spoolDir(), maxEvents, decoder);
      slice = next;
      sliceEvents = 0;
    } catch (ExportTooLargeException e) {
      List<ExportSlice> halves = next.halves(dayZone);
      if (halves.isEmpty()) {
        LOG.warn(
            "Export slice {} holds more than {} events but cannot be cut further; reading it whole",
            next,
            maxEvents);
        stream =
            client.exportSpooled(
                next.request(), context.conf().http().spoolDir(), Long.MAX_VALUE, decoder);
        slice = next;
        sliceEvents = 0;
        return;
      }
      if (next.isWholeDays() && next.processedAfter() == null) {
        // more than maxEvents in these days: at least that many on the busiest of them
        busiestDay = Math.max(busiestDay, (maxEvents + next.days() - 1) / next.days());
      }
      LOG.info("Export slice {} holds more than {} events; asking for it in two halves", next, maxEvents);
      for (int i = halves.size() - 1; i >= 0; i--) {
        pending.addFirst(halves.get(i));
      }
    }
  }

  private void finishSlice() {
    if (stream != null) {
      stream.close();
      if (slice.isWholeDays() && slice.processedAfter() == null) {
        busiestDay = Math.max(busiestDay, (sliceEvents + slice.days() - 1) / slice.days());
      }
      stream = null;
      slice = null;
    }
  }

  T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    records++;
    sliceEvents++;
    return stream.next();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (stream != null) {
        stream.close();
        stream = null;
      }
      client.close();
      LOG.info("Export window {} done: {} events in {} requests", window, records, requests);
    }
  }

  Map<String, Object> report() {
    Map<String, Object> report = new LinkedHashMap<>();
    if (busiestDay > 0) {
      report.put(ReadContext.REPORT_EVENTS_PER_DAY, busiestDay);
    }
    List<Long> starts = client.countedRequestStarts(ApiFamily.EXPORT);
    if (!starts.isEmpty()) {
      report.put(ReadContext.REPORT_EXPORT_STARTS, RequestLedger.encode(starts));
    }
    return report;
  }
}
