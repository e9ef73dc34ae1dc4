package org.mixpanellakeflow.client;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One raw-export call: whole days, both ends inclusive, in the day boundaries Mixpanel applies to
 * the project (UTC for projects created from 2023, the project timezone before).
 *
 * @param fromDate first day, inclusive
 * @param toDate last day, inclusive; Mixpanel rejects a day after its "today"
 * @param events event names to keep; empty means all events
 * @param where a segmentation expression filtering events, or {@code null}
 */
public record ExportRequest(
    LocalDate fromDate, LocalDate toDate, List<String> events, String where) {

  public ExportRequest {
    Objects.requireNonNull(fromDate, "fromDate is null");
    Objects.requireNonNull(toDate, "toDate is null");
    if (fromDate.isAfter(toDate)) {
      throw new IllegalArgumentException(
          "Invalid export window: from "
              + fromDate
              + " is after to "
              + toDate
              + " (both days are inclusive; use the same day twice for one day)");
    }
    events = events == null ? List.of() : List.copyOf(events);
    for (String event : events) {
      if (event.isBlank()) {
        throw new IllegalArgumentException(
            "Invalid export event filter " + events + ": event names must not be blank");
      }
    }
    if (where != null && where.isBlank()) {
      where = null;
    }
  }

  /** All events of the days {@code from..to}, both inclusive. */
  public static ExportRequest days(LocalDate from, LocalDate to) {
    return new ExportRequest(from, to, List.of(), null);
  }

  public ExportRequest withEvents(List<String> newEvents) {
    return new ExportRequest(fromDate, toDate, newEvents, where);
  }

  public ExportRequest withWhere(String newWhere) {
    return new ExportRequest(fromDate, toDate, events, newWhere);
  }

  /** The window as {@code from..to}, for messages. */
  String window() {
    return fromDate + ".." + toDate;
  }
}
