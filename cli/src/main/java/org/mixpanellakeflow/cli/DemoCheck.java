package org.mixpanellakeflow.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.pipeline.PipelineResult;

/**
 * Compares the demo's Delta tables with what the emulator generated, key by key; exit code 3 on
 * a mismatch.
 */
final class DemoCheck {

  static final int MISMATCH = 3;

  private DemoCheck() {}

  static int verify(
      PrintWriter out,
      SparkSession spark,
      String warehouse,
      EmulatedProject project,
      LocalDate first,
      LocalDate last,
      Instant asOf,
      PipelineResult result,
      long requestsTheEmulatorAnswered) {
    Set<String> cohorts = new HashSet<>();
    Set<String> members = new HashSet<>();
    for (Map<String, Object> cohort : project.cohorts()) {
      long id = ((Number) cohort.get("id")).longValue();
      cohorts.add(Long.toString(id));
      project.cohortMembers(id).forEach(m -> members.add(id + "/" + m));
    }
    Set<String> profiles = new HashSet<>();
    project.profiles().forEach(p -> profiles.add((String) p.get("$distinct_id")));

    boolean ok = checkEvents(out, spark, warehouse, project, first, last, asOf);
    ok &= check(out, spark, warehouse, "cohorts", "cast(id as string)", cohorts);
    ok &= check(out, spark, warehouse, "cohort_members", "concat(cohort_id, '/', distinct_id)", members);
    ok &= check(out, spark, warehouse, "engage", "`$distinct_id`", profiles);
    ok &= checkRequests(out, result, requestsTheEmulatorAnswered);
    out.flush();
    return ok ? 0 : MISMATCH;
  }

  /**
   * Events by what tells them apart for Mixpanel (name, {@code $insert_id} and the distinct id
   * they were sent with), day by day, so that a large demo never holds more than a day of
   * generated events.
   */
  @SuppressWarnings("unchecked")
  private static boolean checkEvents(
      PrintWriter out, SparkSession spark, String warehouse, EmulatedProject project,
      LocalDate first, LocalDate last, Instant asOf) {
    Dataset<Row> rows = spark.read().format("delta").load(Path.of(warehouse, "events").toString());
    long count = rows.count();
    Set<String> missing = new HashSet<>(rows.selectExpr(
            "concat_ws(chr(1), event, `$insert_id`, coalesce("
                + "properties.custom_properties['$distinct_id_before_identity'],"
                + " properties.distinct_id, ''))")
        .as(Encoders.STRING()).collectAsList());
    long distinct = missing.size();
    long expected = 0;
    boolean allFound = true;
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      for (Map<String, Object> event : project.events(day, day, asOf)) {
        expected++;
        Map<String, Object> properties = (Map<String, Object>) event.get("properties");
        Object sentAs = properties.getOrDefault(
            "$distinct_id_before_identity", properties.getOrDefault("distinct_id", ""));
        String key = event.get("event") + "\u0001" + properties.get("$insert_id") + "\u0001"
            + (sentAs == null ? "" : sentAs);
        allFound &= missing.remove(key);
      }
    }
    boolean ok = allFound && missing.isEmpty() && count == expected && distinct == expected;
    print(out, "events", count, distinct, expected, ok);
    return ok;
  }

  private static boolean check(
      PrintWriter out, SparkSession spark, String warehouse, String table, String key,
      Set<String> expectedKeys) {
    Dataset<Row> rows = spark.read().format("delta").load(Path.of(warehouse, table).toString());
    long count = rows.count();
    List<String> keys = rows.selectExpr(key).as(Encoders.STRING()).collectAsList();
    Set<String> distinct = new HashSet<>(keys);
    boolean ok = count == expectedKeys.size() && distinct.equals(expectedKeys);
    print(out, table, count, distinct.size(), expectedKeys.size(), ok);
    return ok;
  }

  /** The requests Spark's metrics counted on the executors are every request the emulator saw. */
  private static boolean checkRequests(PrintWriter out, PipelineResult result, long answered) {
    long counted =
        result.tables().stream().mapToLong(t -> t.sourceMetric(Summary.API_REQUESTS)).sum();
    boolean ok = counted == answered;
    out.printf("Check %-15s %8d counted by Spark's source metrics; emulator answered %8d -> %s%n",
        "API requests:", counted, answered, ok ? "OK" : "MISMATCH");
    return ok;
  }

  private static void print(PrintWriter out, String table, long rows, long distinct, long expected, boolean ok) {
    out.printf("Check %-15s %8d rows, %8d distinct keys; emulator served %8d -> %s%n",
        table + ":", rows, distinct, expected, ok ? "OK" : "MISMATCH");
  }
}
