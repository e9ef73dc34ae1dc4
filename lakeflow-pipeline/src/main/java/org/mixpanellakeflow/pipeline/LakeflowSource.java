package org.mixpanellakeflow.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * The {@code lakeflow_connect} Spark source, bound to one connection: builds the batch, stream and
 * metadata reads. Connection options go first and table options after, so a table's {@code
 * table_configuration} overrides the connection for that table.
 */
final class LakeflowSource {

  static final String FORMAT = "lakeflow_connect";
  static final String METADATA_TABLE = "_community_table_metadata";

  private final SparkSession spark;
  private final Connection connection;
  private final Map<String, Map<String, String>> readMetrics = new LinkedHashMap<>();

  LakeflowSource(SparkSession spark, Connection connection) {
    this.spark = Objects.requireNonNull(spark, "spark is null");
    this.connection = Objects.requireNonNull(connection, "connection is null");
  }

  Dataset<Row> readAll(TableSpec table) {
    return spark
        .read()
        .format(FORMAT)
        .options(options(table.sourceTable(), table.connectorOptions()))
        .load();
  }

  /** The table's schema as the connector declares it; reads no records. */
  StructType schema(TableSpec table) {
    return readAll(table).schema();
  }

  Dataset<Row> streamChanges(TableSpec table) {
    return stream(table).load();
  }

  Dataset<Row> streamDeletes(TableSpec table) {
    return stream(table).option("isDeleteFlow", "true").load();
  }

  /** The metadata of every table, read in one request to the reserved metadata table. */
  Map<String, TableMetadata> metadata(List<TableSpec> tables) {
    ArrayNode names = StrictJson.MAPPER.createArrayNode();
    ObjectNode configs = StrictJson.MAPPER.createObjectNode();
    Map<String, Map<String, String>> seen = new LinkedHashMap<>();
    for (TableSpec table : tables) {
      Map<String, String> earlier = seen.putIfAbsent(table.sourceTable(), table.connectorOptions());
      if (earlier == null) {
        names.add(table.sourceTable());
        ObjectNode config = configs.putObject(table.sourceTable());
        table.connectorOptions().forEach(config::put);
      } else if (!earlier.equals(table.connectorOptions())) {
        throw new PipelineException(
            "Source table '"
                + table.sourceTable()
                + "' appears twice with different table_configuration connector options; give"
                + " both entries the same options or split them into two pipeline specs");
      }
    }
    Map<String, String> options = options(METADATA_TABLE, Map.of());
    try {
      options.put("tableNameList", StrictJson.MAPPER.writeValueAsString(names));
      options.put("tableConfigs", StrictJson.MAPPER.writeValueAsString(configs));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize table names", e);
    }
    List<Row> rows = spark.read().format(FORMAT).options(options).load().collectAsList();
    Map<String, TableMetadata> metadata = new LinkedHashMap<>();
    for (Row row : rows) {
      List<String> keys =
          row.isNullAt(row.fieldIndex("primary_keys"))
              ? List.of()
              : row.<String>getList(row.fieldIndex("primary_keys"));
      List<String> untracked =
          row.isNullAt(row.fieldIndex("untracked_columns"))
              ? List.of()
              : row.<String>getList(row.fieldIndex("untracked_columns"));
      Map<String, String> backfills =
          row.isNullAt(row.fieldIndex("key_backfills"))
              ? Map.of()
              : row.<String, String>getJavaMap(row.fieldIndex("key_backfills"));
      readMetrics.put(
          row.getAs("tableName"),
          row.isNullAt(row.fieldIndex("read_metrics"))
              ? Map.of()
              : Map.copyOf(row.<String, String>getJavaMap(row.fieldIndex("read_metrics"))));
      metadata.put(
          row.getAs("tableName"),
          new TableMetadata(
              keys,
              row.getAs("cursor_field"),
              IngestionType.fromWireName(row.getAs("ingestion_type")),
              untracked,
              backfills,
              !row.isNullAt(row.fieldIndex("sequence_fixed_per_key"))
                  && row.getBoolean(row.fieldIndex("sequence_fixed_per_key"))));
    }
    for (String name : seen.keySet()) {
      if (!metadata.containsKey(name)) {
        throw new PipelineException(
            "The connector returned no metadata for source table '"
                + name
                + "'; check the table name against the connector's tables");
      }
    }
    return metadata;
  }

  /**
   * The read metrics the connector declared for {@code sourceTable}, name to description; empty
   * before {@link #metadata} described it, or when the connector declares none.
   */
  Map<String, String> readMetrics(String sourceTable) {
    return readMetrics.getOrDefault(sourceTable, Map.of());
  }

  private DataStreamReader stream(TableSpec table) {
    return spark
        .readStream()
        .format(FORMAT)
        .options(options(table.sourceTable(), table.connectorOptions()));
  }

  private Map<String, String> options(String tableName, Map<String, String> tableOptions) {
    Map<String, String> options = new LinkedHashMap<>(connection.options());
    options.putAll(tableOptions);
    connection.connector().ifPresent(c -> options.put("connector", c));
    options.put("tableName", tableName);
    return options;
  }
}
