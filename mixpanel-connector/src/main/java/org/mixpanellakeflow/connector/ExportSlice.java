package org.mixpanellakeflow.connector;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.mixpanellakeflow.client.ExportRequest;

/**
 * One export request inside a window: whole days, or a stretch of one day cut with {@code where}
 * on {@code $time} when a day alone holds more events than one request should return.
 *
 * @param startSecond inclusive epoch second, or {@code null} for whole days
 * @param endSecond exclusive epoch second, or {@code null} for whole days
 */
record ExportSlice(LocalDate from, LocalDate to, Long startSecond, Long endSecond, Long processedAfter) {

  /** Below this a slice is not cut further; it is read whatever its size. */
  static final long MIN_SECONDS = 60;

  ExportSlice {
    Objects.requireNonNull(from, "from is null");
    Objects.requireNonNull(to, "to is null");
  }

  static ExportSlice of(ExportWindow window) {
    return new ExportSlice(window.from(), window.to(), null, null, window.processedAfter());
  }

  long days() {
    return to.toEpochDay() - from.toEpochDay() + 1;
  }

  boolean isWholeDays() {
    return startSecond == null;
  }

  ExportRequest request() {
    ExportRequest request = ExportRequest.days(from, to);
    String where = null;
    if (startSecond != null) {
      where = "properties[\"$time\"] >= datetime(" + startSecond + ") and properties[\"$time\"] < datetime("
          + endSecond + ")";
    }
    if (processedAfter != null) {
      String processed = "number(properties[\"mp_processing_time_ms\"]) > " + processedAfter;
      where = where == null ? processed : "(" + where + ") and " + processed;
    }
    return request.withWhere(where);
  }

  /** Whole-day slices of at most {@code days} days each. */
  List<ExportSlice> chunks(long days) {
    if (!isWholeDays() || days >= days()) {
      return List.of(this);
    }
    java.util.ArrayList<ExportSlice> chunks = new java.util.ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(days)) {
      LocalDate end = day.plusDays(days - 1);
      chunks.add(new ExportSlice(day, end.isAfter(to) ? to : end, null, null, processedAfter));
    }
    return chunks;
  }

  /**
   * Two halves of this slice: by days, then, for one day, by time within the day (days in {@code
   * dayZone}); empty when the slice is already as small as it gets.
   */
  List<ExportSlice> halves(ZoneId dayZone) {
    if (isWholeDays() && days() > 1) {
      return chunks((days() + 1) / 2);
    }
    long start = isWholeDays() ? from.atStartOfDay(dayZone).toEpochSecond() : startSecond;
    long end = isWholeDays() ? from.plusDays(1).atStartOfDay(dayZone).toEpochSecond() : endSecond;
    if (end - start <= MIN_SECONDS) {
      return List.of();
    }
    long middle = start + (end - start) / 2;
    return List.of(
        new ExportSlice(from, to, start, middle, processedAfter),
        new ExportSlice(from, to, middle, end, processedAfter));
  }

  @Override
  public String toString() {
    return from + ".." + to
        + (startSecond == null ? "" : " [" + startSecond + "," + endSecond + ")")
        + (processedAfter == null ? "" : " processed after " + processedAfter);
  }
}
