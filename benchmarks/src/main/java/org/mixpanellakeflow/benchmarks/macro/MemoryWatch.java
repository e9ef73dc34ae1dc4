package org.mixpanellakeflow.benchmarks.macro;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Memory and CPU of this process over one stage. Heap: from GC notifications, the most heap in use
 * just before any collection (the peak the collector saw) and just after one (the live set); from
 * the heap pools' peak usage when no collection ran. RSS: Linux's {@code VmHWM}, reset at the
 * start of the stage through {@code /proc/self/clear_refs} where the kernel allows it (else the
 * high-water mark since the process started). Thread safe; one stage at a time.
 */
final class MemoryWatch {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private final AtomicLong beforeGcMax = new AtomicLong();
  private final AtomicLong afterGcMax = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  /** JVM uptime when the stage started; collections that began before it are not the stage's. */
  private volatile long stageStartUptimeMs = Long.MAX_VALUE;
  private long startCpuNanos;
  private long startGcMillis;
  private boolean rssReset;

  MemoryWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            if (info.getGcInfo().getStartTime() < stageStartUptimeMs) {
              return;
            }
            beforeGcMax.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
            afterGcMax.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
            collections.incrementAndGet();
          }
        }, null, null);
      }
    }
  }

  void start() {
    System.gc(); // what earlier stages left behind is not this stage's
    stageStartUptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
    beforeGcMax.set(0);
    afterGcMax.set(0);
    collections.set(0);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    rssReset = resetRss();
    startCpuNanos = cpuNanos();
    startGcMillis = gcMillis();
  }

  Usage stop() {
    long poolPeaks = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        poolPeaks += pool.getPeakUsage().getUsed();
      }
    }
    long peak = collections.get() > 0 ? beforeGcMax.get() : poolPeaks;
    return new Usage(peak, afterGcMax.get(), collections.get(), (gcMillis() - startGcMillis) / 1000.0,
        (cpuNanos() - startCpuNanos) / 1e9, statusKilobytes("VmHWM:") * 1024, rssReset);
  }

  /**
   * @param heapPeakBytes most heap in use at any time seen
   * @param heapLiveMaxBytes most heap still in use after a collection (0 when none ran)
   * @param gcSeconds time the collectors report for the stage
   * @param cpuSeconds CPU time of the whole process in the stage, all threads
   * @param rssPeakBytes VmHWM at the end of the stage
   * @param rssSinceStageStart whether {@code rssPeakBytes} covers this stage only
   */
  record Usage(long heapPeakBytes, long heapLiveMaxBytes, long collections, double gcSeconds,
      double cpuSeconds, long rssPeakBytes, boolean rssSinceStageStart) {}

  private static long heapUsed(Map<String, MemoryUsage> pools) {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage = pools.get(pool.getName());
      if (pool.getType() == MemoryType.HEAP && usage != null) {
        used += usage.getUsed();
      }
    }
    return used;
  }

  private static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** Writing 5 to clear_refs resets the peak RSS (Linux 4.0+). */
  private static boolean resetRss() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static long statusKilobytes(String field) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
