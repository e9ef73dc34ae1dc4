package org.mixpanellakeflow.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * When requests of one API family that count toward Mixpanel's hourly limit were started (epoch
 * milliseconds), as far as the driver knows: from earlier offsets, from partition reports and from
 * its own requests. It travels in offsets as comma-separated numbers, so the next batch, or the
 * next run, plans with what was spent. Immutable; keeps no duplicates.
 */
record RequestLedger(List<Long> starts) {

  static final RequestLedger EMPTY = new RequestLedger(List.of());

  RequestLedger {
    starts = List.copyOf(new TreeSet<>(Objects.requireNonNull(starts, "starts is null")));
  }

  static RequestLedger decode(Object encoded) {
    if (encoded == null || encoded.toString().isBlank()) {
      return EMPTY;
    }
    List<Long> starts = new ArrayList<>();
    for (String part : encoded.toString().split(",")) {
      try {
        starts.add(Long.parseLong(part.strip()));
      } catch (NumberFormatException e) {
        throw new LakeflowException("Malformed request ledger '" + encoded + "' in an offset or report", e);
      }
    }
    return new RequestLedger(starts);
  }

  static String encode(Collection<Long> starts) {
    StringBuilder text = new StringBuilder();
    for (Long start : new TreeSet<>(starts)) {
      text.append(text.length() == 0 ? "" : ",").append(start);
    }
    return text.toString();
  }

  String encode() {
    return encode(starts);
  }

  RequestLedger with(Collection<Long> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Long> all = new ArrayList<>(starts);
    all.addAll(more);
    return new RequestLedger(all);
  }

  /** Only the starts inside the rolling window that ends at {@code now}. */
  RequestLedger within(Instant now, Duration window) {
    long from = now.minus(window).toEpochMilli();
    return new RequestLedger(starts.stream().filter(start -> start > from).toList());
  }

  boolean isEmpty() {
    return starts.isEmpty();
  }
}
