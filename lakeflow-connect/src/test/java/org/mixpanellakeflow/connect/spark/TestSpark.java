package org.mixpanellakeflow.connect.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/** The one local Spark session shared by every Spark test in the JVM; starting one costs ~2 s. */
final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      String warehouse;
      try {
        warehouse = Files.createTempDirectory("lakeflow-connect-warehouse").toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("lakeflow-connect-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.sql.warehouse.dir", warehouse)
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
    }
    return session;
  }
}
