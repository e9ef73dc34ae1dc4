package org.mixpanellakeflow.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed pipeline spec: which connection to read through and which tables to land.
 *
 * <p>Accepted form (also wrapped as {@code {"pipeline_spec": {...}}}, and with the seed README's
 * {@code "object"} spelling for {@code "objects"}):
 *
 * <pre>{@code
 * {"connection_name": "my_mixpanel_connection",
 *  "objects": [{"table": {"source_table": "events",
 *                         "destination_catalog": "main", "destination_schema": "mixpanel",
 *                         "destination_table": "events",
 *                         "table_configuration": {"scd_type": "SCD_TYPE_1"}}}]}
 * }</pre>
 */
public record PipelineSpec(String connectionName, List<TableSpec> tables) {

  public PipelineSpec {
    Objects.requireNonNull(connectionName, "connectionName is null");
    tables = List.copyOf(Objects.requireNonNull(tables, "tables is null"));
    if (connectionName.isBlank()) {
      throw new PipelineException("Pipeline spec 'connection_name' must be a non-empty string");
    }
    if (tables.isEmpty()) {
      throw new PipelineException("Pipeline spec 'objects' must be a non-empty list");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      Integer earlier = seen.putIfAbsent(tables.get(i).destinationName(), i);
      if (earlier != null) {
        throw new PipelineException(
            "Destination '"
                + tables.get(i).destinationName()
                + "' is written by both objects["
                + earlier
                + "] and objects["
                + i
                + "]; give one of them another destination_table");
      }
    }
  }

  /** Parses a spec from JSON text. */
  public static PipelineSpec parse(String json) {
    Objects.requireNonNull(json, "json is null");
    JsonNode root = StrictJson.parse(json, "pipeline spec");
    return PipelineSpecParser.parse(root);
  }

  /** Reads and parses a spec file (UTF-8 JSON). */
  public static PipelineSpec parse(Path file) {
    Objects.requireNonNull(file, "file is null");
    return parse(StrictJson.readFile(file, "pipeline spec"));
  }
}
