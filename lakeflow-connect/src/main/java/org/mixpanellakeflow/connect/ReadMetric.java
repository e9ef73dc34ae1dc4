package org.mixpanellakeflow.connect;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A number a connector's partition readers keep while they read, declared up front by {@link
 * SupportsReadMetrics#readMetrics}: Spark shows its sum over a scan's tasks in the SQL tab of its
 * UI, and the streaming source adds the running total to each {@code StreamingQueryProgress}.
 *
 * @param name a short camel-case identifier, e.g. {@code apiRequests}; the key of {@link
 *     RecordIterator#metrics()} and of the progress metrics
 * @param description what the number counts, as the Spark UI labels it
 * @param unit how the sum is shown
 */
public record ReadMetric(String name, String description, Unit unit) {

  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

  public ReadMetric {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(description, "description is null");
    Objects.requireNonNull(unit, "unit is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Metric name '" + name + "' must be camel case: a lower-case letter, then letters or digits");
    }
  }

  /** How a metric's values read. */
  public enum Unit {
    /** A count of things. */
    COUNT,
    /** A number of bytes. */
    BYTES,
    /** Milliseconds of time. */
    MILLIS
  }
}
