package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reply form of Mixpanel's official SDKs' ingestion requests ({@code data=} with base64 JSON,
 * on {@code /track}, {@code /engage} and {@code /import}): the text {@code 1} (accepted) or {@code
 * 0} (refused), or with {@code verbose=1} the JSON {@code {"status": 1, "error": null}} / {@code
 * {"status": 0, "error": "<why>"}}. The SDKs read nothing else: mixpanel-node counts any body but
 * {@code 1} (without verbose) or any {@code status} but 1 (with it) as an error.
 */
final class SdkReply {
  private SdkReply() {}

  /** Whether an {@code /import} request came in the SDKs' form: records in a {@code data} parameter. */
  static boolean isSdkForm(EmulatorExchange exchange) {
    return exchange.param("data") != null;
  }

  /** Answers with HTTP {@code status}; {@code problem} null means accepted. */
  static void send(EmulatorExchange exchange, int status, String problem) throws IOException {
    if ("1".equals(exchange.param("verbose"))) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", problem == null ? 1 : 0);
      body.put("error", problem);
      exchange.respondJson(status, body);
    } else {
      exchange.respond(status, "text/plain", (problem == null ? "1" : "0").getBytes(StandardCharsets.UTF_8));
    }
  }
}
