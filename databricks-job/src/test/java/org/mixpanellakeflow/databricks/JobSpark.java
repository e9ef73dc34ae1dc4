package org.mixpanellakeflow.databricks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.pipeline.Lakehouse;

/**
 * The session a test starts before calling the job, as Databricks starts one before a JAR task's
 * main: the job must find and use it. One per test JVM; a cold start costs seconds.
 */
final class JobSpark {

  private static SparkSession session;

  private JobSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      try {
        session = Lakehouse.localSession(Files.createTempDirectory("databricks-job-spark").toString());
        // small test tables: two shuffle partitions keep each sync quick on two cores
        session.conf().set("spark.sql.shuffle.partitions", "2");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return session;
  }
}
