package org.mixpanellakeflow.connect.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.mixpanellakeflow.connect.Offsets;

/**
 * Carries partition reports ({@link org.mixpanellakeflow.connect.RecordIterator#report()}) and the
 * final values of their read metrics from executors back to the driver through Spark accumulators,
 * the one channel Spark offers from a task to the driver that started it: each reader factory
 * carries a fresh accumulator registered on the driver; a task adds its report when its reader
 * closes; Spark merges a successful task's updates on the driver before the batch's job ends.
 * Reports of failed tasks are dropped by Spark, and a scan run twice reports twice, which the
 * contract tells connectors to expect. Driver side only; not thread safe (Spark plans one stream's
 * batches, and reports its progress, on one thread).
 */
final class PartitionReports {

  /** What one partition reader sends: its report and its metrics, each as flat JSON. */
  record Report(String reportJson, String metricsJson) implements Serializable {}

  // channels not yet drained, with how many of their reports were already taken in
  private final Map<CollectionAccumulator<Report>, Integer> pending = new IdentityHashMap<>();
  private final List<Map<String, Object>> received = new ArrayList<>();
  private final Map<String, Long> totals = new TreeMap<>();

  /** A new channel for one scan, registered with the driver's context. */
  CollectionAccumulator<Report> newChannel(String tableName) {
    CollectionAccumulator<Report> channel = new CollectionAccumulator<>();
    SparkContext.getOrCreate().register(channel, "lakeflow partition reports of " + tableName);
    // held until drained: Spark keeps only weak references to registered accumulators
    pending.put(channel, 0);
    return channel;
  }

  /** Every report received since the last call, parsed; the channels are released. */
  List<Map<String, Object>> drain() {
    take();
    List<Map<String, Object>> reports = List.copyOf(received);
    received.clear();
    pending.clear();
    return reports;
  }

  /**
   * The sums of every metric that partition readers of this stream sent so far, since the stream
   * started (reports of a scan Spark ran twice count twice: those reads happened).
   */
  Map<String, Long> metricTotals() {
    take();
    return new LinkedHashMap<>(totals);
  }

  private void take() {
    for (Map.Entry<CollectionAccumulator<Report>, Integer> entry : pending.entrySet()) {
      List<Report> arrived = entry.getKey().value();
      for (int i = entry.getValue(); i < arrived.size(); i++) {
        Report report = arrived.get(i);
        Map<String, Object> parsed = Offsets.fromJson(report.reportJson());
        if (parsed != null && !parsed.isEmpty()) {
          received.add(parsed);
        }
        Map<String, Object> metrics = Offsets.fromJson(report.metricsJson());
        if (metrics != null) {
          metrics.forEach(
              (name, value) -> {
                if (value instanceof Long n) {
                  totals.merge(name, n, Long::sum);
                }
              });
        }
      }
      entry.setValue(arrived.size());
    }
  }
}
