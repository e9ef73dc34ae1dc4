package org.mixpanellakeflow.connector;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Events a day seen per project in this JVM, so later windows are cut to fit {@code
 * max_events_per_request} before they are asked for rather than after. A fresh JVM (a new
 * executor) starts without one and learns from its first too-large response.
 */
final class VolumeEstimates {

  private static final ConcurrentHashMap<String, Double> EVENTS_PER_DAY = new ConcurrentHashMap<>();

  private VolumeEstimates() {}

  static void record(String project, long events, long days) {
    if (days > 0) {
      EVENTS_PER_DAY.merge(project, (double) events / days, Math::max);
    }
  }

  /** Events a day, or 0 when nothing was seen yet. */
  static double perDay(String project) {
    return EVENTS_PER_DAY.getOrDefault(project, 0.0);
  }
}
