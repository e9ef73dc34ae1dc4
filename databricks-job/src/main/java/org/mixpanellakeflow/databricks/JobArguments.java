package org.mixpanellakeflow.databricks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The parameters of the JAR task ({@code spark_jar_task.parameters}), each given once as {@code
 * --name value} or {@code --name=value}:
 *
 * <pre>{@code
 * --spec        /Volumes/main/mixpanel/files/pipeline-spec.json   (required)
 * --connections /Volumes/main/mixpanel/files/connections.json     (required)
 * --warehouse   /Volumes/main/mixpanel/files/lakehouse            (required)
 * --catalog main --schema mixpanel                                (optional, together)
 * }</pre>
 *
 * <p>Paths are absolute: a local or FUSE path ({@code /Volumes/...}, {@code /Workspace/...}) or a
 * URI ({@code dbfs:/...}, {@code s3://...}). The warehouse holds the streaming checkpoints ({@code
 * _checkpoints/<table>}) and the tables that the spec does not name by catalog and schema. {@code
 * --catalog} and {@code --schema} replace every table's {@code destination_catalog} and {@code
 * destination_schema}, so one spec serves a bundle's dev and prod targets.
 *
 * @param spec the pipeline spec file
 * @param connections the connections file; values may read environment variables as {@code
 *     ${env:NAME}}
 * @param warehouse the folder of checkpoints and path tables
 * @param catalog replaces every table's destination catalog; present exactly when {@code schema}
 *     is
 * @param schema replaces every table's destination schema
 */
record JobArguments(
    String spec,
    String connections,
    String warehouse,
    Optional<String> catalog,
    Optional<String> schema) {

  static final String USAGE =
      "usage: IngestJob --spec <file> --connections <file> --warehouse <folder>"
          + " [--catalog <name> --schema <name>]";

  private static final List<String> FLAGS =
      List.of("--spec", "--connections", "--warehouse", "--catalog", "--schema");

  /** A scheme of two or more characters, so that a Windows drive letter is not one. */
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

  JobArguments {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(connections, "connections is null");
    Objects.requireNonNull(warehouse, "warehouse is null");
    Objects.requireNonNull(catalog, "catalog is null");
    Objects.requireNonNull(schema, "schema is null");
  }

  static JobArguments parse(String... args) {
    Objects.requireNonNull(args, "args is null");
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = Objects.requireNonNull(args[i], "argument is null");
      String flag = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        flag = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (!FLAGS.contains(flag)) {
        throw new JobArgumentException(
            "Unknown argument '"
                + arg
                + "' (expected "
                + String.join(", ", FLAGS)
                + "); "
                + USAGE);
      }
      if (value == null) {
        if (i + 1 == args.length || FLAGS.contains(args[i + 1])) {
          throw new JobArgumentException("Missing value after " + flag + "; " + USAGE);
        }
        value = args[++i];
      }
      if (value.isBlank()) {
        throw new JobArgumentException("Empty value for " + flag + "; " + USAGE);
      }
      if (values.putIfAbsent(flag, value) != null) {
        throw new JobArgumentException(flag + " is given twice; keep one");
      }
    }
    Optional<String> catalog = Optional.ofNullable(values.get("--catalog"));
    Optional<String> schema = Optional.ofNullable(values.get("--schema"));
    if (catalog.isPresent() != schema.isPresent()) {
      throw new JobArgumentException(
          "Cannot set "
              + (catalog.isPresent() ? "--catalog without --schema" : "--schema without --catalog")
              + ": a table lands in catalog.schema.table only when both are given");
    }
    catalog.ifPresent(c -> checkName(c, "--catalog"));
    schema.ifPresent(s -> checkName(s, "--schema"));
    return new JobArguments(
        absolute(required(values, "--spec", "the pipeline spec JSON file"), "--spec"),
        absolute(
            required(values, "--connections", "the connections JSON file"), "--connections"),
        absolute(
            required(values, "--warehouse", "the folder of checkpoints and path tables"),
            "--warehouse"),
        catalog,
        schema);
  }

  /** True for {@code dbfs:/...}, {@code s3://...}, {@code file:/...}: read through Hadoop. */
  static boolean isUri(String location) {
    return URI_SCHEME.matcher(location).matches();
  }

  private static String required(Map<String, String> values, String flag, String what) {
    String value = values.get(flag);
    if (value == null) {
      throw new JobArgumentException("Missing " + flag + " (" + what + "); " + USAGE);
    }
    return value;
  }

  private static String absolute(String location, String flag) {
    if (!isUri(location) && !location.startsWith("/")) {
      throw new JobArgumentException(
          "Invalid value for "
              + flag
              + ": '"
              + location
              + "' is relative; give an absolute path such as /Volumes/<catalog>/<schema>/<volume>/..."
              + " or a URI such as dbfs:/...");
    }
    return location;
  }

  /** The rule the pipeline spec applies to destination_catalog and destination_schema. */
  private static void checkName(String name, String flag) {
    if (name.contains("/") || name.contains("\\") || name.contains(".") || name.contains("`")) {
      throw new JobArgumentException(
          "Invalid value for "
              + flag
              + ": '"
              + name
              + "' (must not contain '/', '\\', '.' or '`')");
    }
  }
}
