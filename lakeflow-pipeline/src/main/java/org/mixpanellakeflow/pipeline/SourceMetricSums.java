package org.mixpanellakeflow.pipeline;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sums a source's read metrics (API requests, bytes, waits; see the contract's {@code
 * SupportsReadMetrics}) over every task of the jobs that one piece of work runs, whichever executor
 * ran them: the metrics reach the driver with each task's end, as Spark's SQL metrics do.
 *
 * <p>Jobs are told apart by a local property set on the calling thread for the duration of the
 * work; Spark hands local properties on to the threads a streaming query starts, so micro-batches
 * count too. Listener events arrive asynchronously, so {@link #measure} ends by running a one-task
 * marker job and waiting for its end event, which the listener bus delivers after every earlier
 * event. Only tasks that succeed carry SQL metrics, so a failed attempt's requests are not counted.
 */
final class SourceMetricSums extends SparkListener {

  private static final Logger LOG = LoggerFactory.getLogger(SourceMetricSums.class);

  /** The local property marking a measured piece of work's jobs. */
  static final String PROPERTY = "lakeflow.pipeline.measure";

  private static final long MARKER_WAIT_SECONDS = 60;

  private final String token = UUID.randomUUID().toString();
  private final Map<String, String> nameByDescription;
  private final Set<Integer> stages = new HashSet<>();
  private final Map<String, Long> sums = new TreeMap<>();
  private final CountDownLatch markerDone = new CountDownLatch(1);
  private Integer markerJob;

  /** @param metrics the source's metrics, name to description (as the Spark UI labels them) */
  private SourceMetricSums(Map<String, String> metrics) {
    this.nameByDescription = new TreeMap<>();
    metrics.forEach((name, description) -> nameByDescription.put(description, name));
  }

  /**
   * Runs {@code work} and returns its result with the sums of {@code metrics} (name to description)
   * over its jobs' tasks; every declared metric is present, 0 when nothing counted it.
   */
  static <T> Measured<T> measure(
      SparkContext context, Map<String, String> metrics, Supplier<T> work) {
    if (metrics.isEmpty()) {
      return new Measured<>(work.get(), Map.of());
    }
    SourceMetricSums sums = new SourceMetricSums(metrics);
    String previous = context.getLocalProperty(PROPERTY);
    context.addSparkListener(sums);
    T result;
    try {
      context.setLocalProperty(PROPERTY, sums.token);
      result = work.get();
      context.setLocalProperty(PROPERTY, sums.token + ":marker");
      JavaSparkContext.fromSparkContext(context).parallelize(java.util.List.of(1), 1).count();
      sums.awaitMarker();
    } finally {
      context.setLocalProperty(PROPERTY, previous);
      context.removeSparkListener(sums);
    }
    Map<String, Long> totals = new TreeMap<>();
    metrics.keySet().forEach(name -> totals.put(name, 0L));
    totals.putAll(sums.snapshot());
    return new Measured<>(result, totals);
  }

  /** A result and the metric sums of the work that produced it. */
  record Measured<T>(T result, Map<String, Long> metrics) {
    Measured {
      metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics is null"));
    }
  }

  private void awaitMarker() {
    try {
      if (!markerDone.await(MARKER_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn(
            "Spark's listener bus did not deliver the end of the metrics marker job within {} s;"
                + " the source metrics of this table may be low",
            MARKER_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Map<String, Long> snapshot() {
    return new TreeMap<>(sums);
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart jobStart) {
    String tag = jobStart.properties() == null ? null : jobStart.properties().getProperty(PROPERTY);
    if (token.equals(tag)) {
      for (Object stage : CollectionConverters.asJava(jobStart.stageIds())) {
        stages.add((Integer) stage);
      }
    } else if ((token + ":marker").equals(tag)) {
      markerJob = jobStart.jobId();
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
    if (markerJob != null && markerJob == jobEnd.jobId()) {
      markerDone.countDown();
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (!stages.contains(taskEnd.stageId()) || taskEnd.taskInfo() == null) {
      return;
    }
    for (AccumulableInfo info : CollectionConverters.asJava(taskEnd.taskInfo().accumulables())) {
      if (info.name().isEmpty() || info.update().isEmpty()) {
        continue;
      }
      String name = nameByDescription.get(info.name().get());
      if (name != null && info.update().get() instanceof Number value) {
        sums.merge(name, value.longValue(), Long::sum);
      }
    }
  }
}
