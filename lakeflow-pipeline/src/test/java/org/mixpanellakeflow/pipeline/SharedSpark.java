package org.mixpanellakeflow.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark session per test JVM: a cold start costs seconds, so all Spark test classes share it. A
 * class that needs a session of its own (another catalog) stops it first with {@link #stop()}; the
 * next class that asks gets a new one.
 */
final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      try {
        session = Lakehouse.localSession(Files.createTempDirectory("pipeline-spark").toString());
        // small test tables: two shuffle partitions keep each sync quick on two cores
        session.conf().set("spark.sql.shuffle.partitions", "2");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return session;
  }

  /** Stops the shared session, if one is running; Spark runs one session's context per JVM. */
  static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
  }
}
