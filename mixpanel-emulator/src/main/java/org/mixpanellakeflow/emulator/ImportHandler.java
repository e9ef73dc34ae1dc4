package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /import}: a batch of up to 2000 events as a JSON array, JSONL, or the older {@code
 * data=} form field (base64 or plain JSON), optionally gzipped. With {@code strict=1} (the
 * default) a batch with invalid events gets a 400 naming each in {@code failed_records} while the
 * valid ones are still imported; with {@code strict=0} invalid events are dropped silently.
 */
final class ImportHandler implements EndpointHandler {
  private final EmulatorContext context;

  ImportHandler(EmulatorContext context) {
    this.context = context;
  }

  @Override
  public void handle(EmulatorExchange exchange, EmulatedProject project) throws IOException {
    List<Object> events;
    try {
      events = IngestionPayloads.events(exchange);
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, "Bad Request", e.getMessage(), null);
      return;
    }
    if (events.size() > EventIngestion.MAX_BATCH) {
      respond(exchange, 400, "Bad Request", "request exceeds max limit of " + EventIngestion.MAX_BATCH
          + " events; send at most " + EventIngestion.MAX_BATCH + " per request", null);
      return;
    }
    EventIngestion.Source source = strict(exchange.param("strict"))
        ? EventIngestion.Source.STRICT_IMPORT
        : EventIngestion.Source.IMPORT;
    long now = context.clock().millis();
    EventIngestion.Outcome outcome = EventIngestion.validate(project, events, now, source);
    EventIngestion.store(project, outcome, now);
    if (source == EventIngestion.Source.STRICT_IMPORT && !outcome.failures().isEmpty()) {
      respond(exchange, 400, "Bad Request", "some data points in the request failed validation", outcome);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", 200);
    body.put("num_records_imported", outcome.accepted().size());
    body.put("status", "OK");
    exchange.respondJson(200, body);
  }

  private static boolean strict(String raw) {
    if (raw == null || raw.equals("1") || raw.equalsIgnoreCase("true")) {
      return true;
    }
    if (raw.equals("0") || raw.equalsIgnoreCase("false")) {
      return false;
    }
    throw ApiException.badRequest("Invalid strict '" + raw + "': expected 1 or 0");
  }

  private static void respond(EmulatorExchange exchange, int code, String status, String error,
      EventIngestion.Outcome outcome) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("error", error);
    if (outcome != null) {
      body.put("failed_records", outcome.failures().stream().map(EventIngestion.Failure::toJson).toList());
      body.put("num_records_imported", outcome.accepted().size());
    }
    body.put("status", status);
    exchange.respondJson(code, body);
  }
}
