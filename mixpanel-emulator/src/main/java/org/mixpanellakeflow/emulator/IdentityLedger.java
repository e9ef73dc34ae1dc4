package org.mixpanellakeflow.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Identity merges and user deletions of one project, each effective from the instant it was
 * recorded, so a read "as of" an earlier instant does not see it. Thread safe.
 *
 * <p>Raw export serves the canonical distinct id at read time, so a merge rewrites past events;
 * a deletion removes a user's events (and, elsewhere, the profile) from every later read.
 */
final class IdentityLedger {
  private record Merge(String from, String to, long atMs) {}

  private record Deletion(String distinctId, long atMs) {}

  private final List<Merge> merges = new ArrayList<>();
  private final List<Deletion> deletions = new ArrayList<>();

  synchronized void merge(String from, String to, long atMs) {
    if (!from.equals(to)) {
      merges.add(new Merge(from, to, atMs));
    }
  }

  synchronized void delete(String distinctId, long atMs) {
    deletions.add(new Deletion(distinctId, atMs));
  }

  /** The merges and deletions in force at {@code asOfMs}. */
  synchronized View at(long asOfMs) {
    Map<String, String> canonical = new HashMap<>();
    for (Merge merge : merges) {
      if (merge.atMs() <= asOfMs) {
        canonical.put(merge.from(), merge.to());
      }
    }
    Set<String> deleted = new HashSet<>();
    for (Deletion deletion : deletions) {
      if (deletion.atMs() <= asOfMs) {
        deleted.add(deletion.distinctId());
      }
    }
    return new View(canonical, deleted);
  }

  /** An immutable view of the ledger at one instant. */
  static final class View {
    private final Map<String, String> canonical;
    private final Set<String> deleted;

    private View(Map<String, String> canonical, Set<String> deleted) {
      this.canonical = canonical;
      this.deleted = deleted;
    }

    /** The id events of {@code distinctId} are served under; follows chains, ignores cycles. */
    String canonical(String distinctId) {
      String current = distinctId;
      for (int hops = 0; hops <= canonical.size(); hops++) {
        String next = canonical.get(current);
        if (next == null) {
          return current;
        }
        current = next;
      }
      return current;
    }

    boolean isDeleted(String distinctId) {
      return !deleted.isEmpty() && (deleted.contains(distinctId) || deleted.contains(canonical(distinctId)));
    }

    /** The record as served: null when its user is deleted, re-attributed when merged. */
    EventRecord apply(EventRecord record) {
      if (canonical.isEmpty() && deleted.isEmpty()) {
        return record;
      }
      String id = record.distinctId();
      if (id == null) {
        return record;
      }
      if (isDeleted(id)) {
        return null;
      }
      String target = canonical(id);
      if (target.equals(id)) {
        return record;
      }
      Map<String, Object> properties = new LinkedHashMap<>(record.properties());
      properties.put("distinct_id", target);
      properties.put("$distinct_id_before_identity", id);
      Map<String, Object> event = new LinkedHashMap<>(record.event());
      event.put("properties", Collections.unmodifiableMap(properties));
      return new EventRecord(Collections.unmodifiableMap(event), record.utcTimeMs());
    }
  }
}
