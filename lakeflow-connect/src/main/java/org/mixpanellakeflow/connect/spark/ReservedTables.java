package org.mixpanellakeflow.connect.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.ReadMetric;
import org.mixpanellakeflow.connect.SupportsPartitionedReads;
import org.mixpanellakeflow.connect.SupportsReadMetrics;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * The contract's virtual tables, whose names start with {@value #PREFIX}: they describe the
 * connector rather than hold its data, and are small, so they are computed on the driver.
 */
final class ReservedTables {

  static final String PREFIX = "_community_";
  static final String TABLE_METADATA = "_community_table_metadata";
  static final String TABLES = "_community_tables";
  static final String NAMESPACES = "_community_namespaces";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_SHOWN_CHARS = 200;

  private static final StructType TABLE_METADATA_SCHEMA =
      new StructType()
          .add("tableName", DataTypes.StringType, false)
          .add("primary_keys", DataTypes.createArrayType(DataTypes.StringType))
          .add("cursor_field", DataTypes.StringType)
          .add("ingestion_type", DataTypes.StringType)
          // beyond the Lakeflow framework's columns, which it ignores; see TableMetadata
          .add("untracked_columns", DataTypes.createArrayType(DataTypes.StringType))
          .add(
              "key_backfills",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("sequence_fixed_per_key", DataTypes.BooleanType)
          // the connector's read metrics, name to description (see SupportsReadMetrics)
          .add(
              "read_metrics",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
  private static final StructType TABLES_SCHEMA =
      new StructType()
          .add("namespace", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("tableName", DataTypes.StringType, false);
  private static final StructType NAMESPACES_SCHEMA =
      new StructType().add("namespace", DataTypes.createArrayType(DataTypes.StringType), false);

  private final SourceOptions options;
  private final Supplier<LakeflowConnect> connector;

  ReservedTables(SourceOptions options, Supplier<LakeflowConnect> connector) {
    this.options = Objects.requireNonNull(options, "options is null");
    this.connector = Objects.requireNonNull(connector, "connector is null");
  }

  static boolean isReserved(String tableName) {
    return tableName.startsWith(PREFIX);
  }

  StructType schema(String tableName) {
    return switch (tableName) {
      case TABLE_METADATA -> TABLE_METADATA_SCHEMA;
      case TABLES -> TABLES_SCHEMA;
      case NAMESPACES -> NAMESPACES_SCHEMA;
      default ->
          throw new LakeflowException(
              "Unknown reserved table '"
                  + tableName
                  + "': names starting with '"
                  + PREFIX
                  + "' are reserved; the reserved tables are "
                  + List.of(TABLE_METADATA, TABLES, NAMESPACES));
    };
  }

  List<InternalRow> rows(String tableName) {
    schema(tableName);
    return switch (tableName) {
      case TABLE_METADATA -> tableMetadataRows();
      case TABLES -> tablesRows();
      default -> List.of();
    };
  }

  private List<InternalRow> tableMetadataRows() {
    LakeflowConnect source = connector.get();
    List<String> names =
        options.tableNameList() == null ? source.listTables() : parseTableNameList();
    Map<String, Map<String, String>> configs = parseTableConfigs();
    List<InternalRow> rows = new ArrayList<>(names.size());
    for (String name : names) {
      Map<String, String> tableOptions = new LinkedHashMap<>(options.connectorOptions());
      tableOptions.putAll(configs.getOrDefault(name, Map.of()));
      TableMetadata metadata = source.readTableMetadata(name, tableOptions);
      rows.add(
          new GenericInternalRow(
              new Object[] {
                UTF8String.fromString(name),
                strings(metadata.primaryKeys()),
                metadata.cursorField() == null
                    ? null
                    : UTF8String.fromString(metadata.cursorField()),
                UTF8String.fromString(metadata.ingestionType().wireName()),
                strings(metadata.untrackedColumns()),
                stringMap(metadata.keyBackfills()),
                metadata.sequenceFixedPerKey(),
                stringMap(readMetrics(source, name))
              }));
    }
    return rows;
  }

  private static Map<String, String> readMetrics(LakeflowConnect source, String tableName) {
    Map<String, String> metrics = new LinkedHashMap<>();
    if (source instanceof SupportsPartitionedReads && source instanceof SupportsReadMetrics m) {
      for (ReadMetric metric : m.readMetrics(tableName)) {
        metrics.put(metric.name(), metric.description());
      }
    }
    return metrics;
  }

  private List<InternalRow> tablesRows() {
    List<String> names = new ArrayList<>(connector.get().listTables());
    names.sort(null);
    List<InternalRow> rows = new ArrayList<>(names.size());
    for (String name : names) {
      rows.add(
          new GenericInternalRow(
              new Object[] {new GenericArrayData(new Object[0]), UTF8String.fromString(name)}));
    }
    return rows;
  }

  private List<String> parseTableNameList() {
    JsonNode node = parse(LakeflowDataSource.TABLE_NAME_LIST, options.tableNameList());
    if (!node.isArray()) {
      throw invalid(LakeflowDataSource.TABLE_NAME_LIST, options.tableNameList(), "a JSON list");
    }
    List<String> names = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw invalid(
            LakeflowDataSource.TABLE_NAME_LIST, options.tableNameList(), "a JSON list of strings");
      }
      names.add(element.textValue());
    }
    return names;
  }

  private Map<String, Map<String, String>> parseTableConfigs() {
    if (options.tableConfigs() == null) {
      return Map.of();
    }
    String key = LakeflowDataSource.TABLE_CONFIGS;
    JsonNode node = parse(key, options.tableConfigs());
    String expected = "a JSON object mapping table names to objects of options";
    if (!node.isObject()) {
      throw invalid(key, options.tableConfigs(), expected);
    }
    Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> table = it.next();
      if (!table.getValue().isObject()) {
        throw invalid(key, options.tableConfigs(), expected);
      }
      Map<String, String> tableOptions = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = table.getValue().fields();
          fields.hasNext(); ) {
        Map.Entry<String, JsonNode> option = fields.next();
        JsonNode value = option.getValue();
        if (value.isNull()) {
          continue;
        }
        // the pipeline spec JSON-encodes list and object values, so keep their JSON text
        tableOptions.put(option.getKey(), value.isValueNode() ? value.asText() : value.toString());
      }
      configs.put(table.getKey(), tableOptions);
    }
    return configs;
  }

  private static JsonNode parse(String key, String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new LakeflowException(
          "Invalid value for option '" + key + "': not valid JSON: " + shown(json), e);
    }
  }

  private static LakeflowException invalid(String key, String json, String expected) {
    return new LakeflowException(
        "Invalid value for option '"
            + key
            + "': expected "
            + expected
            + " but got: "
            + shown(json));
  }

  private static String shown(String value) {
    return value.length() <= MAX_SHOWN_CHARS ? value : value.substring(0, MAX_SHOWN_CHARS) + "...";
  }

  private static ArrayBasedMapData stringMap(Map<String, String> values) {
    List<String> keys = new ArrayList<>(values.keySet());
    keys.sort(null);
    List<String> mapped = keys.stream().map(values::get).toList();
    return new ArrayBasedMapData(strings(keys), strings(mapped));
  }

  private static GenericArrayData strings(List<String> values) {
    Object[] array = new Object[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = UTF8String.fromString(values.get(i));
    }
    return new GenericArrayData(array);
  }
}
