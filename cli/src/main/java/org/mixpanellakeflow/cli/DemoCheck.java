package org.mixpanellakeflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.emulator.EmulatedProject;

/**
 * Compares the demo's Delta tables with what the emulator generated, key by key; exit code 3 on
 * a mismatch.
 */
final class DemoCheck {

  static final int MISMATCH = 3;

  private DemoCheck() {}

  @SuppressWarnings("unchecked")
  static int verify(
      PrintWriter out,
      SparkSession spark,
      String warehouse,
      List<Map<String, Object>> expectedEvents,
      EmulatedProject project) {
    Set<String> events = new HashSet<>();
    expectedEvents.forEach(e -> events.add((String) ((Map<String, Object>) e.get("properties")).get("$insert_id")));
    Set<String> cohorts = new HashSet<>();
    Set<String> members = new HashSet<>();
    for (Map<String, Object> cohort : project.cohorts()) {
      long id = ((Number) cohort.get("id")).longValue();
      cohorts.add(Long.toString(id));
      project.cohortMembers(id).forEach(m -> members.add(id + "/" + m));
    }
    Set<String> profiles = new HashSet<>();
    project.profiles().forEach(p -> profiles.add((String) p.get("$distinct_id")));

    boolean ok = check(out, spark, warehouse, "events", "`$insert_id`", events, expectedEvents.size());
    ok &= check(out, spark, warehouse, "cohorts", "cast(id as string)", cohorts, cohorts.size());
    ok &= check(out, spark, warehouse, "cohort_members", "concat(cohort_id, '/', distinct_id)", members, members.size());
    ok &= check(out, spark, warehouse, "engage", "`$distinct_id`", profiles, profiles.size());
    out.flush();
    return ok ? 0 : MISMATCH;
  }

  private static boolean check(
      PrintWriter out, SparkSession spark, String warehouse, String table, String key,
      Set<String> expectedKeys, long expectedRows) {
    Dataset<Row> rows = spark.read().format("delta").load(Path.of(warehouse, table).toString());
    long count = rows.count();
    List<String> keys = rows.selectExpr(key).as(Encoders.STRING()).collectAsList();
    boolean ok = count == expectedRows && new HashSet<>(keys).equals(expectedKeys) && keys.size() == expectedKeys.size();
    out.printf("Check %-15s %7d rows, %7d distinct keys; emulator served %7d -> %s%n",
        table + ":", count, new HashSet<>(keys).size(), expectedRows, ok ? "OK" : "MISMATCH");
    return ok;
  }
}
