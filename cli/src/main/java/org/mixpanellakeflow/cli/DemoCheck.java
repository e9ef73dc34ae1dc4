package org.mixpanellakeflow.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Compares the demo's Delta tables with what the emulator generated; exit code 3 on mismatch. */
final class DemoCheck {

  static final int MISMATCH = 3;

  private DemoCheck() {}

  static int verify(
      PrintWriter out,
      SparkSession spark,
      String warehouse,
      List<Map<String, Object>> expectedEvents,
      List<Map<String, Object>> expectedCohorts) {
    Dataset<Row> events = spark.read().format("delta").load(Path.of(warehouse, "events").toString());
    long rows = events.count();
    long distinct = events.agg(countDistinct(col("`$insert_id`"))).first().getLong(0);
    Set<String> expectedIds = new HashSet<>();
    for (Map<String, Object> event : expectedEvents) {
      @SuppressWarnings("unchecked")
      Map<String, Object> properties = (Map<String, Object>) event.get("properties");
      expectedIds.add((String) properties.get("$insert_id"));
    }
    Set<String> actualIds = new HashSet<>(
        events.select(col("`$insert_id`")).as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    boolean eventsOk = rows == expectedEvents.size() && distinct == rows && actualIds.equals(expectedIds);
    out.printf("Check events:  %d rows, %d distinct $insert_id; emulator generated %d -> %s%n",
        rows, distinct, expectedEvents.size(), eventsOk ? "OK" : "MISMATCH");

    Dataset<Row> cohorts = spark.read().format("delta").load(Path.of(warehouse, "cohorts").toString());
    long cohortRows = cohorts.count();
    boolean cohortsOk = cohortRows == expectedCohorts.size();
    out.printf("Check cohorts: %d rows; emulator serves %d -> %s%n",
        cohortRows, expectedCohorts.size(), cohortsOk ? "OK" : "MISMATCH");
    out.flush();
    return eventsOk && cohortsOk ? 0 : MISMATCH;
  }
}
