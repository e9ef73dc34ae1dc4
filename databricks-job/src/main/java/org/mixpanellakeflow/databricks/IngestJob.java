package org.mixpanellakeflow.databricks;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Main class of the Databricks JAR task: runs a pipeline spec into Delta tables on the cluster's
 * own Spark session, continuing from the checkpoints of the previous run, and prints one line per
 * table. Parameters: see {@link JobArguments}.
 *
 * <p>Credentials come from the environment: the connections file reads {@code ${env:NAME}}, and
 * the job cluster's {@code spark_env_vars} set {@code NAME} from a secret scope ({@code
 * {{secrets/<scope>/<key>}}}). The resolved values stay in memory: nothing is written back, and
 * messages and logs never show them.
 *
 * <p>On failure {@code main} prints {@code error: <one line>} to standard error and throws {@link
 * IngestJobException} with that line, which fails the task; it never calls {@code System.exit}
 * and never stops the session, which Databricks owns.
 */
public final class IngestJob {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private IngestJob() {}

  public static void main(String[] args) {
    try {
      execute(args, System.getenv(), System.out);
    } catch (RuntimeException e) {
      throw new IngestJobException(report(e, System.err), JobErrors.exitCode(e));
    }
  }

  /**
   * Runs the job and returns its exit code (0, or see {@link IngestJobException#exitCode()}); the
   * summary goes to {@code out}, a failure's one-line error to {@code err}.
   *
   * @param env what {@code ${env:NAME}} in the connections file resolves against
   */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      execute(args, env, out);
      return 0;
    } catch (RuntimeException e) {
      report(e, err);
      return JobErrors.exitCode(e);
    }
  }

  static PipelineResult execute(String[] args, Map<String, String> env, PrintStream out) {
    Objects.requireNonNull(env, "env is null");
    JobArguments arguments = JobArguments.parse(args);
    // the session Databricks (or spark-submit) started; without one this fails rather than
    // starting a local Spark
    SparkSession spark = SparkSession.builder().getOrCreate();
    var hadoop = spark.sparkContext().hadoopConfiguration();
    PipelineSpec spec = PipelineSpec.parse(JobFiles.read(arguments.spec(), "--spec", hadoop));
    Connections connections =
        Connections.parse(JobFiles.read(arguments.connections(), "--connections", hadoop), env);
    out.printf(
        "mixpanel-lakeflow %s: %d table(s) of %s through connection '%s', warehouse %s%n",
        version(),
        spec.tables().size(),
        arguments.spec(),
        spec.connectionName(),
        arguments.warehouse());
    PipelineResult result = JobPipeline.run(spark, arguments, spec, connections);
    JobSummary.print(out, result);
    return result;
  }

  /**
   * Prints and returns the one-line error. The stack trace of an unexpected error goes to the
   * driver log; for one the user must fix, the line says it all (the trace is at DEBUG).
   */
  private static String report(RuntimeException error, PrintStream err) {
    String line = JobErrors.describe(error);
    if (JobErrors.exitCode(error) == 1) {
      LOG.error("Ingestion failed: {}", line, error);
    } else {
      LOG.debug("Ingestion failed: {}", line, error);
    }
    err.println("error: " + line);
    err.flush();
    return line;
  }

  private static String version() {
    String version = IngestJob.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
