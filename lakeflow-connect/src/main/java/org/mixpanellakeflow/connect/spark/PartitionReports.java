package org.mixpanellakeflow.connect.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.mixpanellakeflow.connect.Offsets;

/**
 * Carries partition reports ({@link org.mixpanellakeflow.connect.RecordIterator#report()}) from
 * executors back to the driver through Spark accumulators, the one channel Spark offers from a task
 * to the driver that started it: each reader factory carries a fresh accumulator registered on the
 * driver; a task adds its reports when its reader closes; Spark merges a successful task's updates
 * on the driver before the batch's job ends. Reports of failed tasks are dropped by Spark, and a
 * scan run twice reports twice, which the contract tells connectors to expect. Driver side only;
 * not thread safe (Spark plans one stream's batches on one thread).
 */
final class PartitionReports {

  private final List<CollectionAccumulator<String>> pending = new ArrayList<>();

  /** A new channel for one scan, registered with the driver's context. */
  CollectionAccumulator<String> newChannel(String tableName) {
    CollectionAccumulator<String> channel = new CollectionAccumulator<>();
    SparkContext.getOrCreate().register(channel, "lakeflow partition reports of " + tableName);
    // held until drained: Spark keeps only weak references to registered accumulators
    pending.add(channel);
    return channel;
  }

  /** Every report received since the last call, parsed; the channels are released. */
  List<Map<String, Object>> drain() {
    List<Map<String, Object>> reports = new ArrayList<>();
    for (CollectionAccumulator<String> channel : pending) {
      for (String json : channel.value()) {
        Map<String, Object> report = Offsets.fromJson(json);
        if (report != null && !report.isEmpty()) {
          reports.add(report);
        }
      }
    }
    pending.clear();
    return reports;
  }
}
