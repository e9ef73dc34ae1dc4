package org.mixpanellakeflow.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A project's user profiles: the generated ones plus every change made through the ingestion API
 * or the Java API. Each change publishes a new immutable {@link Snapshot}, so an engage session
 * keeps serving the profiles as they were when it started. Thread safe.
 */
final class ProfileStore {
  /** Marks a deleted profile in {@link Snapshot#changed}. */
  private static final Map<String, Object> DELETED = Map.of();

  private final ProfileGenerator generator;
  private final int generatedCount;
  private volatile Snapshot current;

  ProfileStore(ProfileGenerator generator, int generatedCount) {
    this.generator = generator;
    this.generatedCount = generatedCount;
    this.current = new Snapshot(Map.of(), List.of());
  }

  Snapshot snapshot() {
    return current;
  }

  /** Applies {@code changes} atomically: readers see all of them or none. */
  synchronized void change(Consumer<Editor> changes) {
    Editor editor = new Editor(current);
    changes.accept(editor);
    current = new Snapshot(Collections.unmodifiableMap(editor.changed), List.copyOf(editor.added));
  }

  /** Profiles as they were at one moment: served in generated order, then in creation order. */
  final class Snapshot {
    private final Map<String, Map<String, Object>> changed;
    private final List<String> added;

    private Snapshot(Map<String, Map<String, Object>> changed, List<String> added) {
      this.changed = changed;
      this.added = added;
    }

    /** The profile's properties, or null when the user has no profile. */
    Map<String, Object> properties(String distinctId) {
      Map<String, Object> properties = changed.get(distinctId);
      if (properties != null) {
        return properties == DELETED ? null : properties;
      }
      int index = generator.indexOf(distinctId);
      return index < 0 ? null : generator.properties(index);
    }

    /** Every distinct id with a profile, in served order. */
    List<String> distinctIds() {
      List<String> ids = new ArrayList<>(generatedCount + added.size());
      for (int i = 0; i < generatedCount; i++) {
        String id = generator.distinctId(i);
        if (changed.get(id) != DELETED) {
          ids.add(id);
        }
      }
      for (String id : added) {
        if (changed.get(id) != DELETED) {
          ids.add(id);
        }
      }
      return ids;
    }
  }

  /** Collects changes against one snapshot. */
  final class Editor {
    private final Map<String, Map<String, Object>> changed;
    private final List<String> added;

    private Editor(Snapshot base) {
      this.changed = new HashMap<>(base.changed);
      this.added = new ArrayList<>(base.added);
    }

    /** The current properties (a mutable copy), or null when there is no profile. */
    Map<String, Object> read(String distinctId) {
      Map<String, Object> properties = changed.get(distinctId);
      if (properties == null) {
        int index = generator.indexOf(distinctId);
        properties = index < 0 ? null : generator.properties(index);
      } else if (properties == DELETED) {
        properties = null;
      }
      return properties == null ? null : new LinkedHashMap<>(properties);
    }

    void write(String distinctId, Map<String, Object> properties) {
      if (generator.indexOf(distinctId) < 0 && !changed.containsKey(distinctId)) {
        added.add(distinctId);
      }
      changed.put(distinctId, Collections.unmodifiableMap(new LinkedHashMap<>(properties)));
    }

    void delete(String distinctId) {
      if (changed.containsKey(distinctId) || generator.indexOf(distinctId) >= 0) {
        changed.put(distinctId, DELETED);
      }
    }
  }
}
