package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/2.0/export}: JSONL, one compact event per line, generated and written one event
 * at a time so the body is never held in memory. The clock is read once per request, so a fixed
 * clock gives byte-identical responses.
 */
final class ExportHandler implements EndpointHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ExportHandler.class);

  private final Clock clock;

  ExportHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void handle(EmulatorExchange exchange, EmulatedProject project) throws IOException {
    Instant now = clock.instant();
    ExportRequest request = ExportRequest.parse(exchange, project, now);
    Iterator<EventRecord> events = project.eventsBetween(request.from(), request.to(), now);
    long served = 0;
    ZoneId zone = project.timezone();
    ResponseBody body = exchange.faulted(ExportBodyWriter.open(exchange));
    while (served < request.limit() && body.acceptsMore() && events.hasNext()) {
      EventRecord event = events.next();
      if (!request.eventNames().isEmpty() && !request.eventNames().contains(event.name())) {
        continue;
      }
      if (request.where() != null && !request.where().matches(event.whereScope(zone))) {
        continue;
      }
      body.write(EmulatorExchange.JSON.writeValueAsBytes(inPrecision(event.event(), request.precision())));
      body.write('\n');
      served++;
    }
    body.close();
    LOG.debug("Exported {} events of project {} for {}..{}", served, project.projectId(), request.from(), request.to());
  }

  /** Events are generated with millisecond times; the default export truncates to seconds. */
  private static Map<String, Object> inPrecision(Map<String, Object> event, ExportRequest.TimePrecision precision) {
    if (precision == ExportRequest.TimePrecision.MILLISECONDS) {
      return event;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) event.get("properties"));
    properties.put("time", Math.floorDiv((Long) properties.get("time"), 1000L));
    Map<String, Object> copy = new LinkedHashMap<>(event);
    copy.put("properties", properties);
    return copy;
  }
}
