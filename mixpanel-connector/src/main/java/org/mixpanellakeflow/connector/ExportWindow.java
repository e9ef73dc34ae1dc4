package org.mixpanellakeflow.connector;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.connect.LakeflowException;

/** One export request's whole days, both inclusive; travels to executors as a partition map. */
record ExportWindow(LocalDate from, LocalDate to) {

  ExportWindow {
    Objects.requireNonNull(from, "from is null");
    Objects.requireNonNull(to, "to is null");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("window ends (" + to + ") before it starts (" + from + ")");
    }
  }

  static ExportWindow of(LocalDate from, LocalDate to) {
    return new ExportWindow(from, to);
  }

  Map<String, Object> toPartition() {
    return Map.of("table", MixpanelConnector.EVENTS, "from", from.toString(), "to", to.toString());
  }

  static ExportWindow fromPartition(Map<String, Object> partition) {
    try {
      return new ExportWindow(
          LocalDate.parse(String.valueOf(partition.get("from"))),
          LocalDate.parse(String.valueOf(partition.get("to"))));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new LakeflowException("Malformed events partition " + partition, e);
    }
  }

  @Override
  public String toString() {
    return from + ".." + to;
  }
}
