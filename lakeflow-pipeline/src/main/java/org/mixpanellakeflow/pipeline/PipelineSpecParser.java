package org.mixpanellakeflow.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns the JSON tree of a pipeline spec into a {@link PipelineSpec}, naming every mistake. */
final class PipelineSpecParser {

  private static final List<String> TOP_KEYS = List.of("connection_name", "objects", "object");
  private static final List<String> TABLE_KEYS =
      List.of(
          "source_table",
          "destination_catalog",
          "destination_schema",
          "destination_table",
          "table_configuration");

  /**
   * Option names the lakeflow_connect source reserves for itself; Spark options are
   * case-insensitive, so these are compared in lower case.
   */
  private static final Set<String> SOURCE_RESERVED =
      Set.of("connector", "tablename", "isdeleteflow", "tablenamelist", "tableconfigs");

  private PipelineSpecParser() {}

  static PipelineSpec parse(JsonNode root) {
    StrictJson.object(root, "Pipeline spec");
    JsonNode spec = root;
    if (root.has("pipeline_spec")) {
      StrictJson.checkKeys(root, "pipeline spec wrapper", List.of("pipeline_spec"));
      spec = StrictJson.object(root.get("pipeline_spec"), "'pipeline_spec'");
    }
    StrictJson.checkKeys(spec, "pipeline spec", TOP_KEYS);
    String connectionName =
        StrictJson.optionalString(spec, "connection_name", "pipeline spec")
            .orElseThrow(
                () ->
                    new PipelineException(
                        "Pipeline spec is missing 'connection_name' (the name of a connection in"
                            + " the connections file)"));
    return new PipelineSpec(connectionName, tables(objectList(spec)));
  }

  private static JsonNode objectList(JsonNode spec) {
    if (spec.has("objects") && spec.has("object")) {
      throw new PipelineException(
          "Cannot set both 'objects' and 'object' in pipeline spec; keep only 'objects'");
    }
    JsonNode list = spec.has("objects") ? spec.get("objects") : spec.get("object");
    if (list == null || list.isNull()) {
      throw new PipelineException(
          "Pipeline spec is missing 'objects' (a non-empty list of {\"table\": {...}} entries)");
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new PipelineException("Pipeline spec 'objects' must be a non-empty list");
    }
    return list;
  }

  private static List<TableSpec> tables(JsonNode list) {
    List<TableSpec> tables = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "objects[" + i + "]";
      JsonNode entry = StrictJson.object(list.get(i), where);
      StrictJson.checkKeys(entry, where, List.of("table"));
      if (!entry.has("table")) {
        throw new PipelineException(where + " is missing 'table'");
      }
      tables.add(table(StrictJson.object(entry.get("table"), where + ".table"), where + ".table"));
    }
    return tables;
  }

  private static TableSpec table(JsonNode table, String where) {
    StrictJson.checkKeys(table, where, TABLE_KEYS);
    String source =
        StrictJson.optionalString(table, "source_table", where)
            .orElseThrow(() -> new PipelineException(where + " is missing 'source_table'"));
    Optional<String> catalog = destinationPart(table, "destination_catalog", where);
    Optional<String> schema = destinationPart(table, "destination_schema", where);
    String destination = destinationPart(table, "destination_table", where).orElse(source);

    Map<String, String> configuration = configuration(table, where);
    String configWhere = where + ".table_configuration";
    Map<String, String> connectorOptions = new LinkedHashMap<>(configuration);
    connectorOptions.keySet().removeAll(TableSpec.PIPELINE_KEYS);
    ScdType scdType =
        Optional.ofNullable(configuration.get("scd_type"))
            .map(v -> ScdType.parse(v, configWhere))
            .orElse(ScdType.SCD_TYPE_1);
    List<String> primaryKeys =
        Optional.ofNullable(configuration.get("primary_keys"))
            .map(v -> StrictJson.nameList(v, "primary_keys", configWhere))
            .orElse(List.of());
    List<String> clusterBy =
        Optional.ofNullable(configuration.get("cluster_by"))
            .map(v -> StrictJson.nameList(v, "cluster_by", configWhere))
            .orElse(List.of());
    MergePruning mergePruning =
        Optional.ofNullable(configuration.get(MergePruning.KEY))
            .map(v -> MergePruning.parse(v, configWhere))
            .orElse(MergePruning.NONE);
    Optional<String> sequenceBy = Optional.ofNullable(configuration.get("sequence_by"));
    if (sequenceBy.isPresent() && sequenceBy.get().isBlank()) {
      throw new PipelineException(
          "Invalid value for 'sequence_by' in " + configWhere + ": it must name a column");
    }
    return new TableSpec(
        source,
        catalog,
        schema,
        destination,
        connectorOptions,
        scdType,
        primaryKeys,
        sequenceBy,
        clusterBy,
        mergePruning);
  }

  private static Optional<String> destinationPart(JsonNode table, String key, String where) {
    Optional<String> value = StrictJson.optionalString(table, key, where);
    value.ifPresent(
        v -> {
          // a part becomes a directory name under the warehouse and a segment of a dotted name
          if (v.contains("/") || v.contains("\\") || v.contains(".") || v.contains("`")) {
            throw new PipelineException(
                "Invalid value for '"
                    + key
                    + "' in "
                    + where
                    + ": '"
                    + v
                    + "' (must not contain '/', '\\', '.' or '`')");
          }
        });
    return value;
  }

  private static Map<String, String> configuration(JsonNode table, String where) {
    JsonNode node = table.get("table_configuration");
    Map<String, String> configuration = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return configuration;
    }
    String configWhere = where + ".table_configuration";
    StrictJson.object(node, configWhere);
    node.fields()
        .forEachRemaining(
            field -> {
              if (SOURCE_RESERVED.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                throw new PipelineException(
                    "Key '"
                        + field.getKey()
                        + "' in "
                        + configWhere
                        + " is reserved by the lakeflow_connect source; remove it");
              }
              if (!field.getValue().isNull()) {
                configuration.put(field.getKey(), StrictJson.optionText(field.getValue()));
              }
            });
    return configuration;
  }
}
