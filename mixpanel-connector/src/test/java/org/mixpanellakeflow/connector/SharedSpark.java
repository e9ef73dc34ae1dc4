package org.mixpanellakeflow.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.pipeline.Lakehouse;

/**
 * One Spark session with Delta per test JVM, for every Spark test of the connector: a cold start
 * costs seconds, and a session started without Delta's extension could not be given it later.
 */
final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      try {
        session = Lakehouse.localSession(Files.createTempDirectory("connector-spark").toString());
        // small test tables: two shuffle partitions keep each sync quick on two cores
        session.conf().set("spark.sql.shuffle.partitions", "2");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return session;
  }
}
