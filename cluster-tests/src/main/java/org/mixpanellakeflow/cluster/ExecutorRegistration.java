package org.mixpanellakeflow.cluster;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;

/**
 * Waits for a new cluster's executors to register with the driver. Executors are other processes
 * coming up, so this is a bounded wait: woken by each executor-added event and re-checking at
 * least every {@value #RECHECK_MS} ms, since the listener may hear of an executor before the
 * status store counts it.
 */
final class ExecutorRegistration {

  private static final long RECHECK_MS = 200;

  private ExecutorRegistration() {}

  /**
   * Returns once {@code wanted} executors have registered.
   *
   * @param started {@link System#nanoTime()} when start-up began; {@code timeout} counts from it
   * @throws IllegalStateException when the timeout passes or the context stops first, with the
   *     executors' log tails
   */
  static void await(SparkContext context, int wanted, Duration timeout, long started, ExecutorProcesses executors) {
    Semaphore added = new Semaphore(0);
    SparkListener listener = new SparkListener() {
      @Override
      public void onExecutorAdded(SparkListenerExecutorAdded event) {
        added.release();
      }
    };
    context.addSparkListener(listener);
    try {
      awaitRegistered(context, wanted, timeout, started + timeout.toNanos(), added, executors);
    } finally {
      context.removeSparkListener(listener);
    }
  }

  private static void awaitRegistered(
      SparkContext context, int wanted, Duration timeout, long deadline, Semaphore added, ExecutorProcesses executors) {
    while (registered(context) < wanted) {
      long left = deadline - System.nanoTime();
      if (context.isStopped() || left <= 0) {
        throw new IllegalStateException(
            "Cannot start the test cluster: "
                + registered(context) + " of " + wanted + " executors registered"
                + (context.isStopped() ? " before the Spark context stopped" : " within " + timeout)
                + "; executor logs:\n" + executors.logTails());
      }
      try {
        added.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(RECHECK_MS)), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the test cluster's executors", e);
      }
    }
  }

  /** Registered executors, not counting the driver, which the status tracker lists too. */
  private static int registered(SparkContext context) {
    return context.statusTracker().getExecutorInfos().length - 1;
  }
}
