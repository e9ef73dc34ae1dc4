package org.mixpanellakeflow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK calls {@code official-sdk/run-plan.js} makes, in order, and the events among them that
 * Mixpanel should accept, as sent: the expectations are derived from the same values, never from
 * what the emulator stored.
 */
final class SdkPlan {
  /** One SDK call: {@code client.call(args..., callback)}; {@code call} may be {@code people.set}. */
  record Step(String client, String call, List<Object> args) {}

  /**
   * An event the SDK sent and Mixpanel keeps: its properties as the application gave them (dates
   * as epoch ms), whether it went through {@code /import} and whether the SDK added {@code mp_lib}
   * and {@code $lib_version} (single calls do, batches do not).
   */
  record SentEvent(String name, Map<String, Object> properties, boolean imported, boolean tagsLibrary) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Map<String, Object>> clients = new LinkedHashMap<>();
  private final List<Step> steps = new ArrayList<>();
  private final List<SentEvent> accepted = new ArrayList<>();

  /** A client {@code Mixpanel.init(token, {verbose, secret?, credentials?})}. */
  SdkPlan client(String name, Map<String, Object> config) {
    clients.put(name, config);
    return this;
  }

  /** A call whose event(s), if any, Mixpanel refuses or that change profiles only. */
  SdkPlan call(String client, String call, Object... args) {
    steps.add(new Step(client, call, Arrays.asList(args)));
    return this;
  }

  /** {@code track(name, properties)}; an event without {@code time} gets the clock's now. */
  SdkPlan track(String client, String name, Map<String, Object> properties) {
    accepted.add(new SentEvent(name, plain(properties), false, true));
    return call(client, "track", name, properties);
  }

  /** {@code import(name, time, properties)}. */
  SdkPlan importEvent(String client, String name, Instant time, Map<String, Object> properties) {
    Map<String, Object> sent = new LinkedHashMap<>(plain(properties));
    sent.put("time", time.toEpochMilli());
    accepted.add(new SentEvent(name, sent, true, true));
    return call(client, "import", name, date(time), properties);
  }

  /** {@code track_batch(events)} or {@code import_batch(events[, options])}. */
  SdkPlan batch(String client, String call, List<Map<String, Object>> events, Map<String, Object> options) {
    for (Map<String, Object> event : events) {
      @SuppressWarnings("unchecked")
      Map<String, Object> properties = (Map<String, Object>) event.get("properties");
      accepted.add(new SentEvent((String) event.get("event"), plain(properties), call.equals("import_batch"), false));
    }
    return options == null ? call(client, call, events) : call(client, call, events, options);
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  List<SentEvent> accepted() {
    return List.copyOf(accepted);
  }

  /** The plan file run-plan.js reads. */
  String toJson(String host, int port) {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("host", host);
    plan.put("port", port);
    plan.put("clients", clients);
    plan.put("steps", steps);
    try {
      return JSON.writeValueAsString(plan);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JavaScript {@code Date} in the plan (run-plan.js revives it). */
  static Map<String, Object> date(Instant instant) {
    return Map.of("$date", instant.toEpochMilli());
  }

  /** Properties with every plan date as the epoch ms the SDK turns it into. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(Map<String, Object> properties) {
    Map<String, Object> copy = new LinkedHashMap<>();
    properties.forEach((key, value) -> copy.put(key,
        value instanceof Map<?, ?> map && map.size() == 1 && map.get("$date") instanceof Long ms ? ms : value));
    return copy;
  }
}
