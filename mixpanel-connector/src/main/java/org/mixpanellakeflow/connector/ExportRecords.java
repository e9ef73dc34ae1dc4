package org.mixpanellakeflow.connector;

import java.util.Map;
import org.mixpanellakeflow.client.ExportRequest;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.connect.RecordIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The events of one export window, streamed from the response as records. */
final class ExportRecords implements RecordIterator {

  private static final Logger LOG = LoggerFactory.getLogger(ExportRecords.class);

  private final ExportWindow window;
  private final long generatedAt;
  private final EventTime eventTime;
  private final ExportStream stream;
  private long records;
  private boolean closed;

  ExportRecords(ReadContext context, ExportWindow window) {
    this.window = window;
    this.generatedAt = context.readTimeMillis();
    MixpanelConnectorConf conf = context.conf();
    this.eventTime = EventTime.forProject(conf.projectCreated(), conf.projectTimezone());
    LOG.info("Export window {} starting", window);
    // spooled: the whole body is checked complete (retrying it whole if cut short) before the
    // first event reaches Spark, so a task never emits half a window
    this.stream =
        context
            .client()
            .exportSpooled(
                ExportRequest.days(window.from(), window.to()).withWhere(window.where()),
                conf.http().spoolDir());
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
    return EventRecords.toRecord(stream.next(), generatedAt, eventTime);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      stream.close();
      LOG.info("Export window {} done: {} events", window, records);
    }
  }
}
