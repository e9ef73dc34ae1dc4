package org.mixpanellakeflow.emulator;

import java.util.ArrayList;
import java.util.List;

/** The requests an emulator answered, in the order their statuses were sent. Thread safe. */
final class RequestLog {
  private final List<LoggedRequest> entries = new ArrayList<>();

  synchronized void add(LoggedRequest request) {
    entries.add(request);
  }

  synchronized List<LoggedRequest> snapshot() {
    return List.copyOf(entries);
  }

  synchronized void clear() {
    entries.clear();
  }
}
