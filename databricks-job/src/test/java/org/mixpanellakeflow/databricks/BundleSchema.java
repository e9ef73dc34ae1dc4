package org.mixpanellakeflow.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules of the Databricks bundle schema for the keys databricks/databricks.yml uses, written
 * here from the schema the Databricks CLI publishes ({@code bundle/schema/jsonschema.json} of
 * databricks/cli at commit 7bbe2852131bc5c4a6c7bad5f147bc7772eedf9f, 2026-08-21) and from the
 * CLI's own enum and required-field tables ({@code bundle/internal/validation/generated/}). Each
 * object lists the keys the bundle may use; a key not listed is reported, so a typo or a new key
 * fails until its rule is looked up in the schema and added here. Comments name the schema's
 * definitions.
 */
final class BundleSchema {

  /** The schema's interpolation patterns: a whole value of {@code ${var.x}}, {@code ${bundle.x}}... */
  static final Pattern REFERENCE =
      Pattern.compile(
          "\\$\\{(var|bundle|workspace|artifacts|resources)"
              + "(\\.\\p{L}+([-_]*[\\p{L}\\p{N}]+)*(\\[[0-9]+\\])*)+\\}");

  /** The schema's rule for a variable's name, so that {@code ${var.name}} matches REFERENCE. */
  static final Pattern VARIABLE_NAME = Pattern.compile("\\p{L}+([-_]*[\\p{L}\\p{N}]+)*");

  /** A rule for one node of the document. */
  interface Rule {
    void check(JsonNode node, String path, List<String> problems);
  }

  /** {@code $defs/string}: any string (interpolations included). */
  static final Rule STRING =
      (node, path, problems) -> {
        if (!node.isTextual()) {
          problems.add(path + ": expected a string, got " + node.getNodeType());
        }
      };

  /** {@code $defs/int}: an integer, or a string that is one interpolation. */
  static final Rule INT =
      (node, path, problems) -> {
        if (!node.isIntegralNumber() && !isReference(node)) {
          problems.add(path + ": expected an integer or a ${...} reference, got " + node);
        }
      };

  /** {@code $defs/bool}: a boolean, or a string that is one interpolation. */
  static final Rule BOOL =
      (node, path, problems) -> {
        if (!node.isBoolean() && !isReference(node)) {
          problems.add(path + ": expected a boolean or a ${...} reference, got " + node);
        }
      };

  /** {@code $defs/interface}: anything. */
  static final Rule ANY = (node, path, problems) -> {};

  /** {@code $defs/map/string}: an object of strings, or a {@code ${var.x}} reference. */
  static final Rule MAP_OF_STRING = mapOf(STRING);

  /** {@code $defs/slice/string}: a list of strings, or a {@code ${var.x}} reference. */
  static final Rule LIST_OF_STRING = listOf(STRING);

  // ---- the definitions the bundle uses, from the innermost out ----

  /** compute.Library: {@code jar}; the other library kinds are not used here. */
  static final Rule LIBRARY = object(Set.of(), Map.of("jar", STRING));

  /** jobs.SparkJarTask ({@code jar_uri} and {@code run_as_repl} are deprecated and not allowed). */
  static final Rule SPARK_JAR_TASK =
      object(Set.of(), Map.of("main_class_name", STRING, "parameters", LIST_OF_STRING));

  /** jobs.Task: {@code task_key} is required. */
  static final Rule TASK =
      object(
          Set.of("task_key"),
          Map.of(
              "task_key", STRING,
              "job_cluster_key", STRING,
              "spark_jar_task", SPARK_JAR_TASK,
              "libraries", listOf(LIBRARY),
              "max_retries", INT,
              "min_retry_interval_millis", INT,
              "timeout_seconds", INT));

  /** compute.DataSecurityMode. */
  static final Rule DATA_SECURITY_MODE =
      oneOf(
          "NONE",
          "SINGLE_USER",
          "USER_ISOLATION",
          "LEGACY_TABLE_ACL",
          "LEGACY_PASSTHROUGH",
          "LEGACY_SINGLE_USER",
          "LEGACY_SINGLE_USER_STANDARD",
          "DATA_SECURITY_MODE_STANDARD",
          "DATA_SECURITY_MODE_DEDICATED",
          "DATA_SECURITY_MODE_AUTO");

  /** compute.ClusterSpec. */
  static final Rule CLUSTER_SPEC =
      object(
          Set.of(),
          Map.of(
              "spark_version", STRING,
              "node_type_id", STRING,
              "num_workers", INT,
              "data_security_mode", DATA_SECURITY_MODE,
              "single_user_name", STRING,
              "spark_conf", MAP_OF_STRING,
              "spark_env_vars", MAP_OF_STRING,
              "autotermination_minutes", INT));

  /** jobs.JobCluster: {@code job_cluster_key} is required. */
  static final Rule JOB_CLUSTER =
      object(
          Set.of("job_cluster_key"),
          Map.of("job_cluster_key", STRING, "new_cluster", CLUSTER_SPEC));

  /** jobs.CronSchedule: expression and timezone required; jobs.PauseStatus. */
  static final Rule CRON_SCHEDULE =
      object(
          Set.of("quartz_cron_expression", "timezone_id"),
          Map.of(
              "quartz_cron_expression", STRING,
              "timezone_id", STRING,
              "pause_status", oneOf("UNPAUSED", "PAUSED")));

  /** resources.Job. */
  static final Rule JOB =
      object(
          Set.of(),
          Map.of(
              "name", STRING,
              "description", STRING,
              "max_concurrent_runs", INT,
              "timeout_seconds", INT,
              "schedule", CRON_SCHEDULE,
              "job_clusters", listOf(JOB_CLUSTER),
              "tasks", listOf(TASK),
              "tags", MAP_OF_STRING));

  /** config.Resources: only jobs here. */
  static final Rule RESOURCES = object(Set.of(), Map.of("jobs", mapOf(JOB)));

  /** config.ArtifactFile: {@code source} is required. */
  static final Rule ARTIFACT_FILE = object(Set.of("source"), Map.of("source", STRING));

  /** config.Artifact; the CLI allows {@code whl} and {@code jar} as {@code type}. */
  static final Rule ARTIFACT =
      object(
          Set.of(),
          Map.of(
              "type", oneOf("whl", "jar"),
              "path", STRING,
              "build", STRING,
              "files", listOf(ARTIFACT_FILE),
              "executable", oneOf("bash", "sh", "cmd")));

  /** config.Workspace. */
  static final Rule WORKSPACE =
      object(
          Set.of(),
          Map.of(
              "host", STRING,
              "profile", STRING,
              "root_path", STRING,
              "artifact_path", STRING,
              "file_path", STRING));

  /** variable.Variable: {@code default} is any value. */
  static final Rule VARIABLE =
      object(Set.of(), Map.of("description", STRING, "default", ANY, "type", STRING));

  /** config.Target; the CLI accepts {@code development} and {@code production} as mode. */
  static final Rule TARGET =
      object(
          Set.of(),
          Map.of(
              "mode", oneOf("development", "production"),
              "default", BOOL,
              "workspace", WORKSPACE,
              // variable.TargetVariable: a value, or an object like a variable's
              "variables", mapOf(ANY),
              "resources", RESOURCES,
              "artifacts", mapOf(ARTIFACT)));

  /** config.Bundle: {@code name} is required. */
  static final Rule BUNDLE =
      object(Set.of("name"), Map.of("name", STRING, "databricks_cli_version", STRING));

  /** The root: the schema's top-level properties that this bundle may use. */
  static final Rule ROOT =
      object(
          Set.of(),
          Map.of(
              "bundle", BUNDLE,
              "variables", mapOf(VARIABLE),
              "workspace", WORKSPACE,
              "artifacts", mapOf(ARTIFACT),
              "resources", RESOURCES,
              "targets", mapOf(TARGET),
              "include", LIST_OF_STRING));

  private BundleSchema() {}

  /** Every way {@code document} breaks the rules, as {@code path: problem} lines. */
  static List<String> problems(JsonNode document) {
    List<String> problems = new ArrayList<>();
    ROOT.check(document, "", problems);
    return problems;
  }

  static boolean isReference(JsonNode node) {
    return node.isTextual() && REFERENCE.matcher(node.asText()).matches();
  }

  /** An object with these keys (no others) and these required keys. */
  static Rule object(Set<String> required, Map<String, Rule> keys) {
    Map<String, Rule> allowed = new TreeMap<>(keys);
    return (node, path, problems) -> {
      if (!node.isObject()) {
        problems.add(path + ": expected an object, got " + node.getNodeType());
        return;
      }
      for (String key : required) {
        if (!node.has(key)) {
          problems.add(path + ": missing required key '" + key + "'");
        }
      }
      node.fields()
          .forEachRemaining(
              field -> {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                Rule rule = allowed.get(field.getKey());
                if (rule == null) {
                  problems.add(at + ": key not allowed here (allowed: " + allowed.keySet() + ")");
                } else {
                  rule.check(field.getValue(), at, problems);
                }
              });
    };
  }

  /** {@code $defs/map/...}: an object of any keys, or a whole {@code ${var.x}} reference. */
  static Rule mapOf(Rule value) {
    return (node, path, problems) -> {
      if (isReference(node)) {
        return;
      }
      if (!node.isObject()) {
        problems.add(path + ": expected a map, got " + node.getNodeType());
        return;
      }
      node.fields()
          .forEachRemaining(f -> value.check(f.getValue(), path + "." + f.getKey(), problems));
    };
  }

  /** {@code $defs/slice/...}: a list, or a whole {@code ${var.x}} reference. */
  static Rule listOf(Rule item) {
    return (node, path, problems) -> {
      if (isReference(node)) {
        return;
      }
      if (!node.isArray()) {
        problems.add(path + ": expected a list, got " + node.getNodeType());
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        item.check(node.get(i), path + "[" + i + "]", problems);
      }
    };
  }

  /** A string enum, or a whole reference (resolved at deploy time). */
  static Rule oneOf(String... values) {
    Set<String> allowed = Set.of(values);
    return (node, path, problems) -> {
      if (isReference(node)) {
        return;
      }
      if (!node.isTextual() || !allowed.contains(node.asText())) {
        problems.add(path + ": expected one of " + List.of(values) + ", got " + node);
      }
    };
  }
}
