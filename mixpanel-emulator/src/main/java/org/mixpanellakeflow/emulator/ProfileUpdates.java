package org.mixpanellakeflow.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies {@code /engage} profile updates: {@code $set}, {@code $set_once}, {@code $add},
 * {@code $union}, {@code $append}, {@code $remove}, {@code $unset} and {@code $delete}.
 *
 * <p>{@code $last_seen} moves the way Mixpanel moves it: to the update's time ({@code $time}, or
 * now) on every update, unless the update says {@code $ignore_time: true}; never because of
 * events. A {@code $set} on a user without a profile creates one; {@code $created} is only what
 * the sender sets.
 */
final class ProfileUpdates {
  static final Set<String> OPERATIONS =
      Set.of("$set", "$set_once", "$add", "$union", "$append", "$remove", "$unset", "$delete");

  private ProfileUpdates() {}

  /** Checks one update; returns the problem, or null when it can be applied. */
  static String problem(Object raw) {
    if (!(raw instanceof Map<?, ?> update)) {
      return "an update must be a JSON object with $token, $distinct_id and one operation";
    }
    if (!(update.get("$distinct_id") instanceof String id) || id.isEmpty()) {
      return "$distinct_id is required and must be a non-empty string";
    }
    List<String> operations = update.keySet().stream().map(String::valueOf).filter(OPERATIONS::contains).toList();
    if (operations.size() != 1) {
      return "an update needs exactly one of " + new TreeSet<>(OPERATIONS) + ", found " + operations;
    }
    String operation = operations.get(0);
    Object argument = update.get(operation);
    boolean valid = switch (operation) {
      case "$unset" -> argument instanceof List<?>;
      case "$delete" -> true;
      default -> argument instanceof Map<?, ?>;
    };
    return valid ? null : "the argument of " + operation + " has the wrong shape";
  }

  /** Applies valid updates in order, as one change; {@code nowMs} is the processing time. */
  static void apply(EmulatedProject project, List<?> updates, long nowMs) {
    project.data().profiles().change(editor -> {
      for (Object raw : updates) {
        apply(editor, (Map<?, ?>) raw, nowMs);
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static void apply(ProfileStore.Editor editor, Map<?, ?> update, long nowMs) {
    String id = (String) update.get("$distinct_id");
    if (update.containsKey("$delete")) {
      editor.delete(id);
      return;
    }
    Map<String, Object> current = editor.read(id);
    Map<String, Object> properties = current == null ? new LinkedHashMap<>() : current;
    if (update.get("$set") instanceof Map<?, ?> set) {
      properties.putAll((Map<String, Object>) set);
    } else if (update.get("$set_once") instanceof Map<?, ?> setOnce) {
      ((Map<String, Object>) setOnce).forEach(properties::putIfAbsent);
    } else if (update.get("$add") instanceof Map<?, ?> add) {
      ((Map<String, Object>) add).forEach((key, value) -> properties.put(key, sum(properties.get(key), value)));
    } else if (update.get("$union") instanceof Map<?, ?> union) {
      ((Map<String, Object>) union).forEach((key, value) -> properties.put(key, union(properties.get(key), value)));
    } else if (update.get("$append") instanceof Map<?, ?> append) {
      ((Map<String, Object>) append).forEach((key, value) -> {
        List<Object> list = asList(properties.get(key));
        list.add(value);
        properties.put(key, Collections.unmodifiableList(list));
      });
    } else if (update.get("$remove") instanceof Map<?, ?> remove) {
      ((Map<String, Object>) remove).forEach((key, value) -> {
        if (properties.get(key) instanceof List<?> list) {
          List<Object> kept = new ArrayList<>(list);
          kept.removeIf(element -> sameValue(element, value));
          properties.put(key, Collections.unmodifiableList(kept));
        }
      });
    } else if (update.get("$unset") instanceof List<?> names) {
      names.forEach(properties::remove);
    }
    if (!Boolean.TRUE.equals(update.get("$ignore_time"))) {
      properties.put("$last_seen", ProfileGenerator.format(Math.floorDiv(updateTimeMs(update, nowMs), 1000L)));
    }
    editor.write(id, properties);
  }

  /** The update's {@code $time} (seconds or milliseconds), or now. */
  private static long updateTimeMs(Map<?, ?> update, long nowMs) {
    if (update.get("$time") instanceof Number time) {
      double value = time.doubleValue();
      return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
    }
    return nowMs;
  }

  /** {@code $add}: the sum is Mixpanel's number, not a text anyone sent, so it is a Long or a Double. */
  private static Object sum(Object existing, Object increment) {
    if (!(increment instanceof Number)) {
      return existing;
    }
    if (existing == null) {
      return increment;
    }
    if (!(existing instanceof Number)) {
      return existing;
    }
    Number base = ExactJson.plain((Number) existing);
    Number add = ExactJson.plain((Number) increment);
    if (base instanceof Long && add instanceof Long) {
      return base.longValue() + add.longValue();
    }
    return base.doubleValue() + add.doubleValue();
  }

  /** Equality of list elements: numbers by what a client parses from them, so 7 matches 7 however sent. */
  private static boolean sameValue(Object a, Object b) {
    return Objects.equals(ExactJson.plain(a), ExactJson.plain(b));
  }

  private static Object union(Object existing, Object values) {
    List<Object> list = asList(existing);
    if (values instanceof Collection<?> added) {
      for (Object value : added) {
        if (list.stream().noneMatch(element -> sameValue(element, value))) {
          list.add(value);
        }
      }
    }
    return Collections.unmodifiableList(list);
  }

  private static List<Object> asList(Object value) {
    List<Object> list = new ArrayList<>();
    if (value instanceof Collection<?> existing) {
      list.addAll(existing);
    } else if (value != null) {
      list.add(value);
    }
    return list;
  }
}
