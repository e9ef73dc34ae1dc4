package org.mixpanellakeflow.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark cluster on this machine whose executors are separate JVMs, with this JVM as the driver:
 * what {@code local[*]} hides (state in static fields, classes or files only the driver has,
 * closures that do not serialize) fails here as it would on a real cluster.
 *
 * <h2>How it runs</h2>
 *
 * Spark's {@code local-cluster[workers,cores,memoryMb]} master starts a standalone Master and
 * {@code workers} Workers as threads of this JVM; each Worker launches its executor as a child
 * JVM ({@code CoarseGrainedExecutorBackend}) with a command line built by Spark's launcher. The
 * launcher wants a binary distribution, which a Maven build has not got, so:
 *
 * <ul>
 *   <li>{@code SPARK_HOME} is a folder under {@code target/} that {@link SparkHome} fills with
 *       just a {@code RELEASE} file and an empty {@code jars/}. Workers read {@code SPARK_HOME}
 *       from this JVM's environment and nowhere else (or {@code spark.test.home}, which would
 *       need {@code spark.testing} and change Spark's behaviour), so the test JVM must be started
 *       with it: cluster-tests' pom sets it for surefire, an IDE run configuration must do the
 *       same. {@link Builder#start()} fails with that explanation when it is not set.
 *   <li>Executors get this JVM's class path, verbatim, as {@code spark.executor.extraClassPath}:
 *       every Spark, Delta and project jar and the test classes, in the same order. A surefire
 *       manifest-only jar works too, since the executor JVM expands its {@code Class-Path} just as
 *       this one did.
 *   <li>Executors get this JVM's {@code --add-opens}/{@code --add-exports} and related flags
 *       through {@code spark.executor.extraJavaOptions}, the same Java (pinned with {@code
 *       spark.executorEnv.JAVA_HOME}), and the Scala version the launcher otherwise looks up in a
 *       source build ({@code spark.executorEnv.SPARK_SCALA_VERSION}).
 * </ul>
 *
 * The session has Delta's extension and catalog, as {@code Lakehouse.localSession} configures
 * them, few shuffle partitions, no UI and everything on 127.0.0.1. Executors log warnings and
 * their tasks' starts and ends to {@code SPARK_HOME/work/<app>/<executor>/stderr}.
 *
 * <h2>Lifecycle</h2>
 *
 * Start-up waits, up to a deadline, until every executor has registered, and fails with the
 * executors' log tails otherwise. Only one Spark context can live in a JVM, so there is one
 * cluster per test JVM: share it with {@link SparkClusterExtension}. {@link #close()} stops the
 * context, which stops the workers and their executors, then waits for the executor processes to
 * exit and ends any that did not; a shutdown hook does the same if the JVM exits first. Thread
 * safe.
 */
public final class SparkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SparkCluster.class);
  private static final String MASTER_PREFIX = "local-cluster[";
  private static final Duration EXIT_GRACE = Duration.ofSeconds(20);

  private final SparkSession session;
  private final SparkHome home;
  private final ExecutorProcesses executors;
  private final int workers;
  private final Duration startup;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SparkCluster(
      SparkSession session, SparkHome home, ExecutorProcesses executors, int workers, Duration startup) {
    this.session = session;
    this.home = home;
    this.executors = executors;
    this.workers = workers;
    this.startup = startup;
    this.shutdownHook = new Thread(this::close, "spark-cluster-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The driver's session; tasks of its jobs run in the executor JVMs. */
  public SparkSession session() {
    return session;
  }

  /** How many executors (one per worker) the cluster runs. */
  public int executorCount() {
    return workers;
  }

  /** The executor JVMs now alive, children of this JVM, in pid order. */
  public List<ProcessHandle> executorProcesses() {
    return executors.alive();
  }

  /** From the start of {@link Builder#start()} until every executor had registered. */
  public Duration startupTime() {
    return startup;
  }

  /** The assembled {@code SPARK_HOME}; executor logs are under {@code work/}. */
  public Path sparkHome() {
    return home.root();
  }

  /** The last lines of every executor's stderr, for failure messages. */
  public String executorLogs() {
    return executors.logTails();
  }

  /** Stops the session and the cluster and leaves no executor process behind; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      session.stop();
    } finally {
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
      List<ProcessHandle> forced = executors.awaitExit(EXIT_GRACE);
      if (!forced.isEmpty()) {
        LOG.warn("Executor processes {} did not exit with the cluster and were ended forcibly", forced);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: this is the hook running
      }
    }
  }

  @Override
  public String toString() {
    return "SparkCluster{master=" + session.sparkContext().master() + ", app=" + session.sparkContext().applicationId()
        + ", home=" + home.root() + "}";
  }

  /** What cluster to start; defaults: 2 workers with 1 core and 768 MB each, 90 s to start. */
  public static final class Builder {
    private int workers = 2;
    private int coresPerWorker = 1;
    private int memoryPerWorkerMb = 768;
    private Duration startTimeout = Duration.ofSeconds(90);

    private Builder() {}

    /** How many workers, each running one executor JVM; at least 1. */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + workers);
      }
      this.workers = workers;
      return this;
    }

    public Builder coresPerWorker(int cores) {
      if (cores < 1) {
        throw new IllegalArgumentException("coresPerWorker must be at least 1: " + cores);
      }
      this.coresPerWorker = cores;
      return this;
    }

    /** A worker's memory, all of it given to its executor's heap; at least 512 MB. */
    public Builder memoryPerWorkerMb(int memoryMb) {
      if (memoryMb < 512) {
        throw new IllegalArgumentException("memoryPerWorkerMb must be at least 512: " + memoryMb);
      }
      this.memoryPerWorkerMb = memoryMb;
      return this;
    }

    /** How long the executors may take to register before start-up fails. */
    public Builder startTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout is null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive: " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Starts the cluster and returns once every executor has registered.
     *
     * @throws IllegalStateException when {@code SPARK_HOME} is not set or not the harness's,
     *     when a Spark context already runs in this JVM, or when the executors did not all
     *     register within the start timeout (the message holds their log tails)
     */
    public SparkCluster start() {
      return start(System.getenv());
    }

    SparkCluster start(Map<String, String> environment) {
      long started = System.nanoTime();
      String sparkHomeEnv = environment.get("SPARK_HOME");
      if (sparkHomeEnv == null || sparkHomeEnv.isBlank()) {
        throw new IllegalStateException(
            "Cannot start the test cluster: the environment variable SPARK_HOME is not set. In"
                + " local-cluster mode the workers run in this JVM and take SPARK_HOME from its"
                + " environment; start the JVM with SPARK_HOME=<module>/target/spark-home (the"
                + " cluster-tests pom does so for surefire; set it in an IDE's run configuration)");
      }
      SparkHome home = SparkHome.prepare(Path.of(sparkHomeEnv));
      if (SparkSession.getDefaultSession().isDefined() || SparkSession.getActiveSession().isDefined()) {
        throw alreadyRunning();
      }
      String master = MASTER_PREFIX + workers + "," + coresPerWorker + "," + memoryPerWorkerMb + "]";
      LOG.info("Starting a Spark cluster {} with SPARK_HOME {}", master, home.root());
      SparkSession session;
      try {
        session = newSession(master, home);
      } catch (RuntimeException e) {
        throw new IllegalStateException("Cannot start the test cluster: " + e.getMessage(), e);
      }
      if (!session.sparkContext().master().equals(master)) {
        throw alreadyRunning();
      }
      ExecutorProcesses executors = new ExecutorProcesses(session.sparkContext().applicationId(), home.work());
      try {
        ExecutorRegistration.await(session.sparkContext(), workers, startTimeout, started, executors);
      } catch (RuntimeException e) {
        session.stop();
        executors.awaitExit(EXIT_GRACE);
        throw e;
      }
      Duration startup = Duration.ofNanos(System.nanoTime() - started);
      LOG.info("Spark cluster {} up in {} ms: executors {}", master, startup.toMillis(), executors.alive());
      return new SparkCluster(session, home, executors, workers, startup);
    }

    private SparkSession newSession(String master, SparkHome home) {
      return SparkSession.builder()
          .appName("mixpanel-lakeflow-cluster-tests")
          .master(master)
          .config("spark.executor.memory", memoryPerWorkerMb + "m")
          .config("spark.executor.cores", String.valueOf(coresPerWorker))
          .config("spark.cores.max", String.valueOf(workers * coresPerWorker))
          .config("spark.executor.extraClassPath", ExecutorLaunch.classPath())
          .config("spark.executor.extraJavaOptions", ExecutorLaunch.javaOptions(home))
          .config("spark.executorEnv.JAVA_HOME", System.getProperty("java.home"))
          .config("spark.executorEnv.SPARK_SCALA_VERSION", ExecutorLaunch.scalaBinaryVersion())
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.shuffle.partitions", String.valueOf(workers * coresPerWorker))
          .config("spark.databricks.delta.snapshotPartitions", String.valueOf(workers * coresPerWorker))
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.warehouse.dir", home.warehouse().toString())
          .getOrCreate();
    }

    private static IllegalStateException alreadyRunning() {
      return new IllegalStateException(
          "Cannot start the test cluster: a Spark session already runs in this JVM; only one Spark"
              + " context can, so run cluster tests in a JVM of their own");
    }
  }
}
