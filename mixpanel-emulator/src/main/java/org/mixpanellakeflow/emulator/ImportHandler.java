package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /import}: a batch of up to 2000 events as a JSON array, JSONL, or the official SDKs'
 * {@code data=} parameter (base64 or plain JSON, form body or query string; mixpanel-node sends
 * one event by {@code GET}, batches by {@code POST}), optionally gzipped. With {@code strict=1} a
 * batch with invalid events gets a 400 naming them while the valid ones are still imported; with
 * {@code strict=0} invalid events are dropped silently. {@code strict} defaults to 1 for a JSON or
 * JSONL body and to 0 in the SDKs' form, which has no way to set it. The reply takes the
 * request's form: JSON bodies get {@code {"code": 200, "num_records_imported": n, "status":
 * "OK"}} (or the 400 with {@code failed_records}), the SDKs' form gets {@link SdkReply}'s {@code
 * 1}/{@code 0} or {@code {"status": .., "error": ..}} with the same HTTP status.
 */
final class ImportHandler implements EndpointHandler {
  private final EmulatorContext context;

  ImportHandler(EmulatorContext context) {
    this.context = context;
  }

  @Override
  public void handle(EmulatorExchange exchange, EmulatedProject project) throws IOException {
    boolean sdkForm = SdkReply.isSdkForm(exchange);
    List<Object> events;
    try {
      events = IngestionPayloads.events(exchange);
    } catch (IllegalArgumentException e) {
      refuse(exchange, sdkForm, e.getMessage(), null);
      return;
    }
    if (events.size() > EventIngestion.MAX_BATCH) {
      refuse(exchange, sdkForm, "request exceeds max limit of " + EventIngestion.MAX_BATCH
          + " events; send at most " + EventIngestion.MAX_BATCH + " per request", null);
      return;
    }
    EventIngestion.Source source = strict(exchange.param("strict"), !sdkForm)
        ? EventIngestion.Source.STRICT_IMPORT
        : EventIngestion.Source.IMPORT;
    long now = context.clock().millis();
    EventIngestion.Outcome outcome = EventIngestion.validate(project, events, now, source);
    EventIngestion.store(project, outcome, now);
    if (source == EventIngestion.Source.STRICT_IMPORT && !outcome.failures().isEmpty()) {
      refuse(exchange, sdkForm, "some data points in the request failed validation", outcome);
      return;
    }
    if (sdkForm) {
      SdkReply.send(exchange, 200, null);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", 200);
    body.put("num_records_imported", outcome.accepted().size());
    body.put("status", "OK");
    exchange.respondJson(200, body);
  }

  private static boolean strict(String raw, boolean byDefault) {
    if (raw == null) {
      return byDefault;
    }
    if (raw.equals("1") || raw.equalsIgnoreCase("true")) {
      return true;
    }
    if (raw.equals("0") || raw.equalsIgnoreCase("false")) {
      return false;
    }
    throw ApiException.badRequest("Invalid strict '" + raw + "': expected 1 or 0");
  }

  /** A 400: in the SDKs' form the first failed record is named in {@code error}. */
  private static void refuse(EmulatorExchange exchange, boolean sdkForm, String error,
      EventIngestion.Outcome outcome) throws IOException {
    if (sdkForm) {
      SdkReply.send(exchange, 400, outcome == null ? error : error + "; " + firstFailure(outcome));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", 400);
    body.put("error", error);
    if (outcome != null) {
      body.put("failed_records", outcome.failures().stream().map(EventIngestion.Failure::toJson).toList());
      body.put("num_records_imported", outcome.accepted().size());
    }
    body.put("status", "Bad Request");
    exchange.respondJson(400, body);
  }

  private static String firstFailure(EventIngestion.Outcome outcome) {
    EventIngestion.Failure first = outcome.failures().get(0);
    int others = outcome.failures().size() - 1;
    return "record " + first.index() + ": " + first.message()
        + (others == 0 ? "" : " (and " + others + " more)")
        + "; " + outcome.accepted().size() + " imported";
  }
}
