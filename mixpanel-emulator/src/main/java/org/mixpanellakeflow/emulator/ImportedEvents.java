package org.mixpanellakeflow.emulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Events that arrived through the ingestion APIs, by day (in the project's day zone), in arrival
 * order. Append only; duplicates are kept, as Mixpanel's raw store keeps them. Thread safe: each
 * day's list is replaced, never changed, so readers iterate a stable snapshot.
 */
final class ImportedEvents {
  private final ConcurrentSkipListMap<LocalDate, List<EventRecord>> byDay = new ConcurrentSkipListMap<>();

  void add(LocalDate day, List<EventRecord> records) {
    byDay.merge(day, List.copyOf(records), (existing, added) -> {
      List<EventRecord> combined = new ArrayList<>(existing.size() + added.size());
      combined.addAll(existing);
      combined.addAll(added);
      return List.copyOf(combined);
    });
  }

  List<EventRecord> on(LocalDate day) {
    return byDay.getOrDefault(day, List.of());
  }

  /** The first and last day holding imported events, or null when there are none. */
  LocalDate firstDay() {
    return byDay.isEmpty() ? null : byDay.firstKey();
  }

  LocalDate lastDay() {
    return byDay.isEmpty() ? null : byDay.lastKey();
  }
}
