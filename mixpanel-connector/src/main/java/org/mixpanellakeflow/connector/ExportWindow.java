package org.mixpanellakeflow.connector;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * One partition of {@code events}: whole days, both inclusive, optionally only the events Mixpanel
 * processed after {@code processedAfter} (epoch ms). Travels to executors as a partition map; an
 * executor reads it as one or more {@link ExportSlice} requests.
 */
record ExportWindow(LocalDate from, LocalDate to, Long processedAfter) {

  ExportWindow {
    Objects.requireNonNull(from, "from is null");
    Objects.requireNonNull(to, "to is null");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
    }
  }

  Map<String, Object> toPartition() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("table", MixpanelConnector.EVENTS);
    map.put("from", from.toString());
    map.put("to", to.toString());
    if (processedAfter != null) {
      map.put("processed_after", processedAfter);
    }
    return map;
  }

  static ExportWindow fromPartition(Map<String, Object> partition) {
    try {
      Object after = partition.get("processed_after");
      return new ExportWindow(
          LocalDate.parse(String.valueOf(partition.get("from"))),
          LocalDate.parse(String.valueOf(partition.get("to"))),
          after == null ? null : ((Number) after).longValue());
    } catch (DateTimeParseException | IllegalArgumentException | ClassCastException e) {
      throw new LakeflowException("Malformed events partition " + partition, e);
    }
  }

  @Override
  public String toString() {
    return from + ".." + to + (processedAfter == null ? "" : " processed after " + processedAfter);
  }
}
