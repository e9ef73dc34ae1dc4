package org.mixpanellakeflow.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixpanellakeflow.pipeline.Connection;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import org.mixpanellakeflow.pipeline.TableSpec;

/**
 * databricks/databricks.yml, checked offline: against the bundle schema's rules for every key it
 * uses ({@link BundleSchema}), and against this module (the main class, its parameters, the jar
 * the build makes, the files it reads, the variables its connections file needs).
 */
class TestDatabricksBundle {

  static final Path DATABRICKS = Path.of("..", "databricks");
  static final JsonNode BUNDLE = yaml(DATABRICKS.resolve("databricks.yml"));
  static final JsonNode JOB = BUNDLE.path("resources").path("jobs").path("mixpanel_ingest");
  static final JsonNode TASK = JOB.path("tasks").path(0);
  static final JsonNode CLUSTER = JOB.path("job_clusters").path(0).path("new_cluster");
  static final Pattern VAR = Pattern.compile("\\$\\{var\\.([^}]+)}");
  static final Pattern ENV = Pattern.compile("\\$\\{env:([^}]+)}");
  static final Pattern SECRET_REFERENCE =
      Pattern.compile("\\{\\{secrets/\\$\\{var\\.secret_scope}/[A-Za-z0-9_.-]+}}");

  @Test
  void followsTheBundleSchemaForEveryKeyItUses() {
    assertThat(BundleSchema.problems(BUNDLE)).isEmpty();
  }

  @Test
  void schemaRulesCatchTheMistakesTheyAreFor() throws IOException {
    ObjectNode broken = (ObjectNode) BUNDLE.deepCopy();
    ObjectNode cluster =
        (ObjectNode) broken.path("resources").path("jobs").path("mixpanel_ingest")
            .path("job_clusters").path(0).path("new_cluster");
    cluster.put("spark_verison", "17.3.x-scala2.13");
    cluster.put("num_workers", "two");
    cluster.put("data_security_mode", "DEDICATED");
    ((ObjectNode) broken.path("resources").path("jobs").path("mixpanel_ingest").path("schedule"))
        .remove("timezone_id");
    ((ObjectNode) broken.path("bundle")).remove("name");

    assertThat(BundleSchema.problems(broken))
        .containsExactlyInAnyOrder(
            "bundle: missing required key 'name'",
            "resources.jobs.mixpanel_ingest.schedule: missing required key 'timezone_id'",
            "resources.jobs.mixpanel_ingest.job_clusters[0].new_cluster.num_workers: expected an"
                + " integer or a ${...} reference, got \"two\"",
            "resources.jobs.mixpanel_ingest.job_clusters[0].new_cluster.data_security_mode:"
                + " expected one of [NONE, SINGLE_USER, USER_ISOLATION, LEGACY_TABLE_ACL,"
                + " LEGACY_PASSTHROUGH, LEGACY_SINGLE_USER, LEGACY_SINGLE_USER_STANDARD,"
                + " DATA_SECURITY_MODE_STANDARD, DATA_SECURITY_MODE_DEDICATED,"
                + " DATA_SECURITY_MODE_AUTO], got \"DEDICATED\"",
            "resources.jobs.mixpanel_ingest.job_clusters[0].new_cluster.spark_verison: key not"
                + " allowed here (allowed: [autotermination_minutes, data_security_mode,"
                + " node_type_id, num_workers, single_user_name, spark_conf, spark_env_vars,"
                + " spark_version])");
  }

  @Test
  void everyVariableIsDeclaredUsedAndNamedAsTheSchemaRequires() {
    Set<String> declared = new TreeSet<>();
    BUNDLE.path("variables").fieldNames().forEachRemaining(declared::add);
    Set<String> referenced = new TreeSet<>();
    Matcher m = VAR.matcher(BUNDLE.toString());
    while (m.find()) {
      referenced.add(m.group(1));
    }
    Set<String> overridden = new TreeSet<>();
    BUNDLE.path("targets")
        .forEach(t -> t.path("variables").fieldNames().forEachRemaining(overridden::add));

    assertThat(referenced).isEqualTo(declared);
    assertThat(declared).containsAll(overridden);
    assertThat(declared).allMatch(n -> BundleSchema.VARIABLE_NAME.matcher(n).matches());
    // the one value a user must give at deploy time (--var), as README says
    assertThat(declared).filteredOn(n -> !BUNDLE.path("variables").path(n).has("default"))
        .containsExactly("mixpanel_project_id");
  }

  @Test
  void runsTheMainClassOfThisModuleOnADedicatedSpark40Cluster() throws Exception {
    String mainClass = TASK.path("spark_jar_task").path("main_class_name").asText();
    Method main = Class.forName(mainClass).getMethod("main", String[].class);

    assertThat(mainClass).isEqualTo(IngestJob.class.getName());
    assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()))
        .isTrue();
    // Spark 4.0, Scala 2.13, JDK 17: what this project builds against
    assertThat(CLUSTER.path("spark_version").asText()).isEqualTo("17.3.x-scala2.13");
    assertThat(CLUSTER.path("data_security_mode").asText()).isEqualTo("SINGLE_USER");
    assertThat(TASK.path("job_cluster_key").asText())
        .isEqualTo(JOB.path("job_clusters").path(0).path("job_cluster_key").asText());
    assertThat(JOB.path("max_concurrent_runs").asInt()).isEqualTo(1);
    assertThat(BUNDLE.path("variables").path("schedule_pause_status").path("default").asText())
        .isEqualTo("PAUSED");
  }

  @Test
  void buildsAndInstallsTheJarThisModuleMakes() {
    String jarName = System.getProperty("databricks.jar.name");
    JsonNode artifact = BUNDLE.path("artifacts").path("mixpanel_lakeflow");
    List<String> sources = new ArrayList<>();
    artifact.path("files").forEach(f -> sources.add(f.path("source").asText()));

    assertThat(jarName).as("set by the module's pom").startsWith("mixpanel-lakeflow-databricks-");
    assertThat(sources)
        .containsExactly(
            "../databricks-job/target/" + jarName, "./pipeline-spec.json", "./connections.json");
    assertThat(artifact.path("build").asText()).contains("./mvnw").contains("-pl databricks-job");
    assertThat(DATABRICKS.resolve(artifact.path("path").asText()).resolve("mvnw")).exists();
    assertThat(TASK.path("libraries").path(0).path("jar").asText())
        .isEqualTo("${workspace.artifact_path}/.internal/" + jarName);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void taskParametersAreAcceptedByTheJobAndPointAtTheUploadedFiles(String target) {
    Resolver resolver = new Resolver(target);
    List<String> parameters = new ArrayList<>();
    TASK.path("spark_jar_task").path("parameters")
        .forEach(p -> parameters.add(resolver.resolve(p.asText())));
    String artifactPath = resolver.resolve(BUNDLE.path("workspace").path("artifact_path").asText());
    String volume =
        "/Volumes/" + resolver.variable("catalog") + "/" + resolver.variable("schema") + "/"
            + resolver.variable("volume") + "/";

    JobArguments arguments = JobArguments.parse(parameters.toArray(String[]::new));

    assertThat(arguments.spec()).isEqualTo(artifactPath + "/.internal/pipeline-spec.json");
    assertThat(arguments.connections()).isEqualTo(artifactPath + "/.internal/connections.json");
    assertThat(arguments.catalog()).contains(resolver.variable("catalog"));
    assertThat(arguments.schema()).contains(resolver.variable("schema"));
    assertThat(artifactPath).startsWith(volume);
    assertThat(arguments.warehouse()).startsWith(volume).doesNotStartWith(artifactPath + "/.internal");
    if (target.equals("dev")) {
      // the CLI refuses a development artifact_path without the user's name; the checkpoints of
      // each developer's copy are apart too
      assertThat(artifactPath).contains(Resolver.SHORT_NAME);
      assertThat(arguments.warehouse()).contains(Resolver.SHORT_NAME);
      assertThat(arguments.schema()).isNotEqualTo(new Resolver("prod").variable("schema"));
    } else {
      // the CLI refuses a production target without its own root_path; a production warehouse
      // must not move with the deploying user, or a new deployer would start over
      assertThat(BUNDLE.path("targets").path(target).path("workspace").path("root_path").asText())
          .isNotEmpty();
      assertThat(arguments.warehouse()).doesNotContain(Resolver.SHORT_NAME);
    }
    assertThat(BUNDLE.path("targets").path(target).path("mode").asText())
        .isEqualTo(target.equals("dev") ? "development" : "production");
  }

  @Test
  void credentialsComeFromTheSecretScopeThroughTheEnvironment() throws IOException {
    String connectionsText = Files.readString(DATABRICKS.resolve("connections.json"));
    Set<String> needed = new TreeSet<>();
    Matcher m = ENV.matcher(connectionsText);
    while (m.find()) {
      needed.add(m.group(1));
    }
    Map<String, String> envVars = new LinkedHashMap<>();
    CLUSTER.path("spark_env_vars").fields()
        .forEachRemaining(e -> envVars.put(e.getKey(), e.getValue().asText()));
    Map<String, String> env = new HashMap<>();
    envVars.keySet().forEach(name -> env.put(name, "value-of-" + name));

    Connections connections = Connections.parse(connectionsText, env);
    Connection connection = connections.connection(spec().connectionName());

    assertThat(envVars.keySet()).containsExactlyInAnyOrderElementsOf(needed);
    assertThat(connection.connector()).contains("mixpanel");
    // the credentials are secret references, resolved by Databricks at cluster start
    for (String option : List.of("username", "secret")) {
      String variable = envOf(connectionsText, option);
      assertThat(envVars.get(variable)).matches(SECRET_REFERENCE);
      assertThat(connection.options()).containsEntry(option, "value-of-" + variable);
    }
    assertThat(connection.toString()).doesNotContain("value-of-MIXPANEL_SA_SECRET");
  }

  @Test
  void specLandsInTheCatalogAndSchemaTheBundleDefaultsTo() {
    PipelineSpec spec = spec();

    assertThat(spec.tables()).extracting(TableSpec::sourceTable)
        .containsExactly("events", "engage", "cohorts", "cohort_members");
    String catalog = BUNDLE.path("variables").path("catalog").path("default").asText();
    String schema = BUNDLE.path("variables").path("schema").path("default").asText();
    assertThat(spec.tables()).extracting(TableSpec::destinationName)
        .containsExactly(
            catalog + "." + schema + ".events",
            catalog + "." + schema + ".profiles",
            catalog + "." + schema + ".cohorts",
            catalog + "." + schema + ".cohort_members");
  }

  static PipelineSpec spec() {
    try {
      return PipelineSpec.parse(Files.readString(DATABRICKS.resolve("pipeline-spec.json")));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The variable an option of connections.json reads, e.g. MIXPANEL_SA_SECRET for secret. */
  static String envOf(String connectionsText, String option) {
    Matcher m =
        Pattern.compile("\"" + option + "\"\\s*:\\s*\"\\$\\{env:([^}]+)}\"").matcher(connectionsText);
    assertThat(m.find()).as("option %s reads ${env:...}", option).isTrue();
    return m.group(1);
  }

  static JsonNode yaml(Path file) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError("Cannot read " + file, e);
    }
  }

  /**
   * What the CLI substitutes at deploy time, for one target and a sample user: variables (the
   * target's value, else the default, else a sample for those without a default), bundle and
   * workspace references. Anything left unresolved fails the test.
   */
  static final class Resolver {

    static final String SHORT_NAME = "ada_lovelace";
    static final String USER_NAME = "ada.lovelace@example.com";
    static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private final String target;
    private final Map<String, String> known = new HashMap<>();

    Resolver(String target) {
      this.target = target;
      known.put("bundle.name", BUNDLE.path("bundle").path("name").asText());
      known.put("bundle.target", target);
      known.put("workspace.current_user.short_name", SHORT_NAME);
      known.put("workspace.current_user.userName", USER_NAME);
      BUNDLE.path("variables").fields().forEachRemaining(v -> {
        JsonNode override = BUNDLE.path("targets").path(target).path("variables").path(v.getKey());
        JsonNode value = override.isMissingNode() ? v.getValue().path("default") : override;
        known.put("var." + v.getKey(), value.isMissingNode() ? "12345" : value.asText());
      });
      known.put("workspace.artifact_path", BUNDLE.path("workspace").path("artifact_path").asText());
    }

    String variable(String name) {
      return resolve("${var." + name + "}");
    }

    String resolve(String text) {
      String resolved = text;
      for (int round = 0; round < 10 && REFERENCE.matcher(resolved).find(); round++) {
        Matcher m = REFERENCE.matcher(resolved);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
          String value = known.get(m.group(1));
          assertThat(value).as("reference %s in target %s", m.group(), target).isNotNull();
          m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        resolved = out.toString();
      }
      assertThat(resolved).doesNotContain("${");
      return resolved;
    }
  }
}
