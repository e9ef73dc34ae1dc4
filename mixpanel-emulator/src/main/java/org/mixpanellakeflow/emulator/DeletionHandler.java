package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/app/data-deletions/v3.0}: a GDPR/CCPA deletion of up to 2000 distinct ids,
 * with the project {@code token} as a parameter and {@code distinct_ids} in a JSON body. Mixpanel
 * takes days to weeks; the emulator deletes at once, so later reads lose the users' events and
 * profiles. It takes the read credentials (service account or secret) in place of Mixpanel's
 * OAuth token.
 */
final class DeletionHandler implements EndpointHandler {
  static final int MAX_IDS = 2_000;

  private final EmulatorContext context;
  private long tasks;

  DeletionHandler(EmulatorContext context) {
    this.context = context;
  }

  @Override
  public void handle(EmulatorExchange exchange, EmulatedProject project) throws IOException {
    if (!project.acceptsToken(exchange.param("token"))) {
      throw appError(400, "token is required and must be the project's token");
    }
    List<String> ids = distinctIds(exchange.body());
    String compliance = complianceType(exchange.body());
    long now = context.clock().millis();
    for (String id : ids) {
      UserDeletion.delete(project, id, now);
    }
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("task_id", taskId());
    results.put("compliance_type", compliance);
    results.put("distinct_ids", ids);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("results", results);
    exchange.respondJson(200, body);
  }

  private synchronized long taskId() {
    return ++tasks;
  }

  private static List<String> distinctIds(byte[] body) {
    JsonNode ids = json(body).get("distinct_ids");
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw appError(400, "distinct_ids is required: a JSON array of 1 to " + MAX_IDS + " distinct ids");
    }
    if (ids.size() > MAX_IDS) {
      throw appError(400, "distinct_ids has " + ids.size() + " ids; send at most " + MAX_IDS + " per request");
    }
    List<String> values = new ArrayList<>();
    ids.forEach(id -> values.add(id.asText()));
    return values;
  }

  private static String complianceType(byte[] body) {
    JsonNode type = json(body).get("compliance_type");
    String value = type == null ? "GDPR" : type.asText();
    if (!value.equals("GDPR") && !value.equals("CCPA")) {
      throw appError(400, "compliance_type must be GDPR or CCPA");
    }
    return value;
  }

  private static JsonNode json(byte[] body) {
    try {
      JsonNode node = EmulatorExchange.JSON.readTree(body);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (IOException e) {
      // reported below
    }
    throw appError(400, "the body must be a JSON object with distinct_ids");
  }

  private static ApiException appError(int status, String message) {
    return ApiException.appApi(status, message);
  }
}
