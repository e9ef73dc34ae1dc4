package org.mixpanellakeflow.pipeline;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockUpdatedInfo;

/**
 * A first sync of a generated events table ({@link GeneratedEvents}) through the pipeline, in a JVM
 * of its own so that the test can give it a small heap. Prints one line, {@code rowsRead=…
 * rowsInTable=… memoryRddPeakBytes=… peakLiveHeapMb=…}: the most bytes RDD blocks (cached or
 * checkpointed data) held in memory at once, and the most heap still in use after a full
 * collection, i.e. what the run held on to rather than what it allocated. Exits 0 when the table
 * landed, 1 otherwise, and at once (status 3) when the JVM that started it is gone.
 *
 * <p>Arguments: warehouse folder, number of events, payload bytes per event, events per partition.
 */
final class ChildSync {

  private static final AtomicLong PEAK_LIVE = new AtomicLong();

  private ChildSync() {}

  public static void main(String[] args) {
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    watchFullCollections();
    String warehouse = args[0];
    int events = Integer.parseInt(args[1]);
    int payloadBytes = Integer.parseInt(args[2]);
    int perPartition = Integer.parseInt(args[3]);
    int status = 1;
    SparkSession spark = Lakehouse.localSession(warehouse);
    MemoryBlocks blocks = new MemoryBlocks();
    spark.sparkContext().addSparkListener(blocks);
    TableRunSummary summary = null;
    try {
      GeneratedEvents.define("generated_events", events, payloadBytes);
      summary =
          new PipelineRunner(spark, warehouse)
              .run(
                  PipelineFixtures.spec(
                      "generated_events", "{\"records_per_partition\": " + perPartition + "}"),
                  PipelineFixtures.CONNECTIONS)
              .tables()
              .get(0);
    } catch (RuntimeException e) {
      e.printStackTrace();
    } finally {
      // stopping delivers the listener events still queued
      spark.stop();
    }
    if (summary != null) {
      System.out.printf(
          "rowsRead=%d rowsInTable=%d memoryRddPeakBytes=%d peakLiveHeapMb=%d%n",
          summary.rowsRead(), summary.rowsInTable(), blocks.peak(), PEAK_LIVE.get() >> 20);
      status = 0;
    }
    System.exit(status);
  }

  /** Follows the RDD blocks the block manager keeps in memory, and their largest total. */
  private static final class MemoryBlocks extends SparkListener {
    private final Map<BlockId, Long> inMemory = new ConcurrentHashMap<>();
    private final AtomicLong peak = new AtomicLong();

    @Override
    public void onBlockUpdated(SparkListenerBlockUpdated update) {
      BlockUpdatedInfo info = update.blockUpdatedInfo();
      if (!info.blockId().isRDD()) {
        return;
      }
      if (info.memSize() > 0) {
        inMemory.put(info.blockId(), info.memSize());
      } else {
        inMemory.remove(info.blockId());
      }
      peak.accumulateAndGet(inMemory.values().stream().mapToLong(Long::longValue).sum(), Math::max);
    }

    long peak() {
      return peak.get();
    }
  }

  /** Records the heap in use after every full collection, the best measure of what is retained. */
  private static void watchFullCollections() {
    Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    List<GarbageCollectorMXBean> collectors =
        new ArrayList<>(ManagementFactory.getGarbageCollectorMXBeans());
    for (GarbageCollectorMXBean collector : collectors) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  return;
                }
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                if (!info.getGcAction().contains("major")) {
                  return;
                }
                long used = 0;
                for (Map.Entry<String, MemoryUsage> pool :
                    info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                  if (heapPools.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                  }
                }
                PEAK_LIVE.accumulateAndGet(used, Math::max);
              },
              null,
              null);
    }
  }
}
