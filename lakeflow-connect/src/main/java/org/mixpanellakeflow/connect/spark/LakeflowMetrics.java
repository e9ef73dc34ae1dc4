package org.mixpanellakeflow.connect.spark;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.mixpanellakeflow.connect.ReadMetric;

/**
 * A connector's {@link ReadMetric}s as DataSource V2 custom metrics: declared by each scan, filled by
 * partition readers, summed over a scan's tasks by Spark and shown in the SQL tab of its UI.
 *
 * <p>Spark builds a metric class again by its no-argument constructor, on the driver, to sum task
 * values; name and description matter only on the instance a scan declares. So there is one public
 * class per unit, not per metric.
 */
public final class LakeflowMetrics {

  private LakeflowMetrics() {}

  /** The scan-level declarations of {@code metrics}. */
  static CustomMetric[] declared(List<ReadMetric> metrics) {
    return metrics.stream().map(LakeflowMetrics::declared).toArray(CustomMetric[]::new);
  }

  private static CustomMetric declared(ReadMetric metric) {
    return switch (metric.unit()) {
      case COUNT -> new Count(metric.name(), metric.description());
      case BYTES -> new Bytes(metric.name(), metric.description());
      case MILLIS -> new Millis(metric.name(), metric.description());
    };
  }

  /** One task's values of {@code names}, from a reader's running values (0 when absent). */
  static CustomTaskMetric[] taskValues(String[] names, Map<String, Long> values) {
    CustomTaskMetric[] result = new CustomTaskMetric[names.length];
    for (int i = 0; i < names.length; i++) {
      Long value = values.get(names[i]);
      result[i] = new TaskValue(names[i], value == null ? 0 : value);
    }
    return result;
  }

  private record TaskValue(String name, long value) implements CustomTaskMetric {}

  /** What the three units share: a name, a description, and a sum. */
  abstract static class Summed implements CustomMetric {
    private final String name;
    private final String description;

    Summed(String name, String description) {
      this.name = name;
      this.description = description;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final String description() {
      return description;
    }

    @Override
    public final String aggregateTaskMetrics(long[] taskMetrics) {
      long sum = 0;
      for (long value : taskMetrics) {
        sum += value;
      }
      return format(sum);
    }

    abstract String format(long sum);
  }

  /** A count, shown as a plain number. */
  public static final class Count extends Summed {
    public Count() {
      this("count", "count");
    }

    Count(String name, String description) {
      super(name, description);
    }

    @Override
    String format(long sum) {
      return Long.toString(sum);
    }
  }

  /** Bytes, shown in binary units: {@code 3.2 MiB}. */
  public static final class Bytes extends Summed {
    public Bytes() {
      this("bytes", "bytes");
    }

    Bytes(String name, String description) {
      super(name, description);
    }

    @Override
    String format(long sum) {
      return formatBytes(sum);
    }
  }

  /** Milliseconds, shown as a duration: {@code 750 ms}, {@code 12.5 s}, {@code 3.0 min}. */
  public static final class Millis extends Summed {
    public Millis() {
      this("millis", "millis");
    }

    Millis(String name, String description) {
      super(name, description);
    }

    @Override
    String format(long sum) {
      return formatMillis(sum);
    }
  }

  static String formatBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  static String formatMillis(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    if (millis < 3_600_000) {
      return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }
    return String.format(Locale.ROOT, "%.1f h", millis / 3_600_000.0);
  }
}
