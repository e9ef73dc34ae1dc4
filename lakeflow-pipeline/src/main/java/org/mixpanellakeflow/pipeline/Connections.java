package org.mixpanellakeflow.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The connections file: named connections, each a connector and its options.
 *
 * <pre>{@code
 * {"connections": {"my_mixpanel_connection": {"connector": "mixpanel",
 *     "options": {"username": "sa", "secret": "${env:MIXPANEL_SECRET}", "project_id": "123"}}}}
 * }</pre>
 *
 * <p>Option values may reference environment variables as {@code ${env:NAME}}, as the whole value
 * or inside it, so that secrets stay out of the file. Values whose key looks like a credential
 * ({@code secret}, {@code api_secret}, {@code password}, {@code token}, or any key containing
 * {@code secret}) never appear in logs, messages or {@code toString}. Immutable.
 */
public final class Connections {

  private static final String ENV_START = "${env:";

  private final Map<String, Connection> byName;

  private Connections(Map<String, Connection> byName) {
    this.byName = byName;
  }

  /**
   * Parses a connections file's text.
   *
   * @param env the environment {@code ${env:NAME}} references resolve against; {@code
   *     System.getenv()} in production
   */
  public static Connections parse(String json, Map<String, String> env) {
    Objects.requireNonNull(json, "json is null");
    Objects.requireNonNull(env, "env is null");
    JsonNode root =
        StrictJson.object(StrictJson.parse(json, "connections file"), "Connections file");
    StrictJson.checkKeys(root, "connections file", List.of("connections"));
    JsonNode connections = root.get("connections");
    if (connections == null || connections.isNull()) {
      throw new PipelineException(
          "Connections file is missing 'connections' (an object of connection name to"
              + " {\"connector\": ..., \"options\": {...}})");
    }
    StrictJson.object(connections, "'connections'");
    Map<String, Connection> byName = new LinkedHashMap<>();
    connections
        .fields()
        .forEachRemaining(e -> byName.put(e.getKey(), connection(e.getKey(), e.getValue(), env)));
    return new Connections(byName);
  }

  /** Reads and parses a connections file (UTF-8 JSON); see {@link #parse(String, Map)}. */
  public static Connections parse(Path file, Map<String, String> env) {
    Objects.requireNonNull(file, "file is null");
    return parse(StrictJson.readFile(file, "connections"), env);
  }

  /** The connection called {@code name}; an unknown name is an error listing the known ones. */
  public Connection connection(String name) {
    Connection connection = byName.get(name);
    if (connection == null) {
      throw new PipelineException(
          "Unknown connection '"
              + name
              + "' (known connections: "
              + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
              + "); add it to the connections file or fix 'connection_name'");
    }
    return connection;
  }

  /** The connection names, in file order. */
  public Set<String> names() {
    return byName.keySet();
  }

  @Override
  public String toString() {
    return "Connections" + byName.values();
  }

  private static Connection connection(String name, JsonNode node, Map<String, String> env) {
    String where = "connection '" + name + "'";
    StrictJson.object(node, "Connection '" + name + "'");
    StrictJson.checkKeys(node, where, List.of("connector", "options"));
    Optional<String> connector = StrictJson.optionalString(node, "connector", where);
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode optionsNode = node.get("options");
    if (optionsNode != null && !optionsNode.isNull()) {
      StrictJson.object(optionsNode, "'options' of " + where);
      optionsNode
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  String raw = StrictJson.optionText(e.getValue());
                  options.put(e.getKey(), interpolate(raw, name, e.getKey(), env));
                }
              });
    }
    return new Connection(name, connector, options);
  }

  /** Replaces each {@code ${env:NAME}}; messages name the variable and key, never the value. */
  static String interpolate(String value, String connection, String key, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    int start;
    while ((start = value.indexOf(ENV_START, from)) >= 0) {
      int end = value.indexOf('}', start);
      if (end < 0) {
        throw new PipelineException(
            "Option '"
                + key
                + "' of connection '"
                + connection
                + "' has an unterminated ${env:...} reference; close it with '}'");
      }
      String variable = value.substring(start + ENV_START.length(), end);
      if (variable.isBlank()) {
        throw new PipelineException(
            "Option '"
                + key
                + "' of connection '"
                + connection
                + "' has an empty ${env:} reference; name a variable, e.g. ${env:MIXPANEL_SECRET}");
      }
      String resolved = env.get(variable);
      if (resolved == null) {
        throw new PipelineException(
            "Environment variable '"
                + variable
                + "' is not set (referenced by option '"
                + key
                + "' of connection '"
                + connection
                + "'); set it before running the pipeline");
      }
      out.append(value, from, start).append(resolved);
      from = end + 1;
    }
    return out.append(value.substring(from)).toString();
  }
}
