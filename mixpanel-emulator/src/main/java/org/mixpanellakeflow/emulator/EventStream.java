package org.mixpanellakeflow.emulator;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A project's events for a span of days as seen at one instant, one day at a time: the day's
 * generated events, then the events imported for that day processed at least the visibility
 * delay before that instant, each passed through the identity merges and deletions in force.
 * Lazy, so a day of millions of events streams in constant memory. Not thread safe.
 */
final class EventStream implements Iterator<EventRecord> {
  private final EventGenerator generator;
  private final ImportedEvents imported;
  private final IdentityLedger.View identities;
  private final LocalDate last;
  private final long asOfMs;
  private final long visibilityDelayMs;
  private LocalDate day;
  private Iterator<EventRecord> generated;
  private List<EventRecord> importedToday;
  private int importedIndex;
  private EventRecord next;

  EventStream(EventGenerator generator, ImportedEvents imported, IdentityLedger.View identities,
      LocalDate from, LocalDate to, long asOfMs, long visibilityDelayMs) {
    this.generator = generator;
    this.imported = imported;
    this.identities = identities;
    this.last = to;
    this.asOfMs = asOfMs;
    this.visibilityDelayMs = visibilityDelayMs;
    startDay(from);
  }

  @Override
  public boolean hasNext() {
    while (next == null && day != null) {
      EventRecord candidate = null;
      if (generated.hasNext()) {
        candidate = generated.next();
      } else if (importedIndex < importedToday.size()) {
        EventRecord record = importedToday.get(importedIndex++);
        if (record.processedMs() + visibilityDelayMs <= asOfMs) {
          candidate = record;
        }
      } else {
        startDay(day.plusDays(1));
        continue;
      }
      if (candidate != null) {
        next = identities.apply(candidate);
      }
    }
    return next != null;
  }

  @Override
  public EventRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more events");
    }
    EventRecord result = next;
    next = null;
    return result;
  }

  private void startDay(LocalDate newDay) {
    if (newDay.isAfter(last)) {
      day = null;
      return;
    }
    day = newDay;
    generated = generator.day(newDay, asOfMs);
    importedToday = imported.on(newDay);
    importedIndex = 0;
  }
}
