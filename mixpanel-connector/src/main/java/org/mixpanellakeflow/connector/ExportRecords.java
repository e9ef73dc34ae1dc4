package org.mixpanellakeflow.connector;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.client.ExportTooLargeException;
import org.mixpanellakeflow.connect.RecordIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one export window, read slice by slice.
 *
 * <p>Each slice is spooled whole and checked complete (retried whole if cut short) before its
 * first event reaches Spark, so a task never emits half a window. No request may return more than
 * {@code max_events_per_request} events: a window is cut into smaller slices up front when this
 * JVM has seen the project's daily volume, and a slice whose response turns out larger is
 * abandoned and asked for again in halves (by days, then by time within a day).
 */
final class ExportRecords implements RecordIterator {

  private static final Logger LOG = LoggerFactory.getLogger(ExportRecords.class);

  private final ReadContext context;
  private final ExportWindow window;
  private final long generatedAt;
  private final long maxEvents;
  private final String project;
  private final ZoneId dayZone;
  private final EventTime eventTime;
  private final Deque<ExportSlice> pending = new ArrayDeque<>();
  private ExportSlice slice;
  private ExportStream stream;
  private long sliceEvents;
  private long records;
  private int requests;
  private boolean closed;

  ExportRecords(ReadContext context, ExportWindow window) {
    this.context = context;
    this.window = window;
    this.generatedAt = context.readTimeMillis();
    MixpanelConnectorConf conf = context.conf();
    this.maxEvents = conf.maxEventsPerRequest();
    this.project = conf.projectKey();
    this.eventTime = EventTime.forProject(conf.projectCreated(), conf.projectTimezone());
    this.dayZone = eventTime.isLegacy() ? conf.projectTimezone() : ZoneOffset.UTC;
    LOG.info("Export window {} starting", window);
    pending.addAll(planned(ExportSlice.of(window)));
  }

  /** The window cut to this JVM's estimate of the project's daily volume. */
  private List<ExportSlice> planned(ExportSlice whole) {
    double perDay = VolumeEstimates.perDay(project);
    if (perDay * whole.days() <= maxEvents || whole.processedAfter() != null) {
      return List.of(whole);
    }
    return whole.chunks(Math.max(1, (long) (maxEvents / perDay)));
  }

  @Override
  public boolean hasNext() {
    while (stream == null || !stream.hasNext()) {
      finishSlice();
      if (pending.isEmpty()) {
        close();
        return false;
      }
      open(pending.poll());
    }
    return true;
  }

  private void open(ExportSlice next) {
    requests++;
    try {
      stream = context.client().exportSpooled(next.request(), context.conf().http().spoolDir(), maxEvents);
      slice = next;
      sliceEvents = 0;
    } catch (ExportTooLargeException e) {
      List<ExportSlice> halves = next.halves(dayZone);
      if (halves.isEmpty()) {
        LOG.warn("Export slice {} holds more than {} events but cannot be cut further; reading it whole", next, maxEvents);
        stream = context.client().exportSpooled(next.request(), context.conf().http().spoolDir());
        slice = next;
        sliceEvents = 0;
        return;
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
        VolumeEstimates.record(project, sliceEvents, slice.days());
      }
      stream = null;
      slice = null;
    }
  }

  @Override
  public Map<String, Object> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    records++;
    sliceEvents++;
    return EventRecords.toRecord(stream.next(), generatedAt, eventTime);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (stream != null) {
        stream.close();
        stream = null;
      }
      LOG.info("Export window {} done: {} events in {} requests", window, records, requests);
    }
  }
}
