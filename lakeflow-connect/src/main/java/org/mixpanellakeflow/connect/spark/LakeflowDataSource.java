package org.mixpanellakeflow.connect.spark;

import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.spark.SourceOptions.Flow;

/**
 * The Spark source {@code lakeflow_connect}: serves any {@link LakeflowConnect} implementation
 * found through {@link LakeflowConnectFactory}, for batch and micro-batch streaming reads.
 *
 * <p>Options: {@value #TABLE_NAME} (required), {@value #CONNECTOR} (the factory's name; optional
 * when exactly one connector is on the class path), {@value #IS_DELETE_FLOW} (read deletions of a
 * {@code cdc_with_deletes} table), {@value #MAX_ROWS_PER_TRIGGER} (streams), {@value
 * #DATABRICKS_CONNECTION} (accepted, see there), and for the reserved table {@code
 * _community_table_metadata} {@value #TABLE_NAME_LIST} and {@value #TABLE_CONFIGS}. Every other
 * option goes to the connector, case preserved, as both connection and table options.
 *
 * <p>A connector-specific format is a two-line subclass, registered in {@code
 * META-INF/services/org.apache.spark.sql.sources.DataSourceRegister}:
 *
 * <pre>{@code
 * public final class MixpanelSource extends LakeflowDataSource {
 *   public MixpanelSource() { super("mixpanel", "mixpanel"); }
 * }
 * }</pre>
 */
public class LakeflowDataSource implements TableProvider, DataSourceRegister {

  /** The format name of the generic source. */
  public static final String SHORT_NAME = "lakeflow_connect";

  /** The table to read. */
  public static final String TABLE_NAME = "tableName";

  /** Which connector to use: a {@link LakeflowConnectFactory#name()}. */
  public static final String CONNECTOR = "connector";

  /** {@code true} reads deletions (via {@code readTableDeletes}) instead of rows. */
  public static final String IS_DELETE_FLOW = "isDeleteFlow";

  /** For {@code _community_table_metadata}: a JSON list of the tables to describe, in order. */
  public static final String TABLE_NAME_LIST = "tableNameList";

  /** For {@code _community_table_metadata}: a JSON object of per-table option objects. */
  public static final String TABLE_CONFIGS = "tableConfigs";

  /**
   * Streams: about how many rows one micro-batch may read, as Spark's {@code ReadLimit.maxRows};
   * connectors honour it at their unit of reading (see {@code
   * SupportsPartitionedReads#latestOffset(String, Map, Map, long)}).
   */
  public static final String MAX_ROWS_PER_TRIGGER = "maxRowsPerTrigger";

  /**
   * The Unity Catalog connection the Lakeflow framework names on every read. Accepted and not passed
   * to the connector: Databricks injects a connection's options only into its Python data source
   * {@code lakeflow_connect}, so a JVM source takes its options directly.
   */
  public static final String DATABRICKS_CONNECTION = "databricks.connection";

  private final String shortName;
  private final String fixedConnectorName;

  /** The generic source: the connector comes from option {@value #CONNECTOR}. */
  public LakeflowDataSource() {
    this.shortName = SHORT_NAME;
    this.fixedConnectorName = null;
  }

  /**
   * A source bound to one connector, for a subclass registering its own format name.
   *
   * @param shortName the format name, e.g. {@code mixpanel}
   * @param fixedConnectorName the {@link LakeflowConnectFactory#name()} this format always uses
   */
  protected LakeflowDataSource(String shortName, String fixedConnectorName) {
    this.shortName = Objects.requireNonNull(shortName, "shortName is null");
    this.fixedConnectorName =
        Objects.requireNonNull(fixedConnectorName, "fixedConnectorName is null");
  }

  @Override
  public String shortName() {
    return shortName;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    SupportedSpark.requireRunning(shortName);
    SourceOptions parsed = SourceOptions.parse(options.asCaseSensitiveMap());
    String tableName = requireTableName(parsed);
    if (ReservedTables.isReserved(tableName)) {
      return reservedTables(parsed).schema(tableName);
    }
    ConnectorSpec spec = spec(parsed, tableName);
    StructType schema = spec.connect().getTableSchema(tableName, spec.options());
    return parsed.flow() == Flow.DELETES ? nullable(schema) : schema;
  }

  /** Deletion records carry only keys and cursor, so no other column can be required. */
  private static StructType nullable(StructType schema) {
    StructType relaxed = new StructType();
    for (StructField field : schema.fields()) {
      relaxed = relaxed.add(field.name(), field.dataType(), true, field.metadata());
    }
    return relaxed;
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    SupportedSpark.requireRunning(shortName);
    SourceOptions parsed = SourceOptions.parse(properties);
    String tableName = requireTableName(parsed);
    if (ReservedTables.isReserved(tableName)) {
      ReservedTables reserved = reservedTables(parsed);
      return LakeflowTable.reserved(tableName, reserved.schema(tableName), reserved);
    }
    return LakeflowTable.connected(spec(parsed, tableName), schema, parsed.maxRowsPerTrigger());
  }

  private ReservedTables reservedTables(SourceOptions parsed) {
    if (parsed.flow() == Flow.DELETES) {
      throw new LakeflowException(
          "Cannot read deletes of reserved table '"
              + parsed.tableName()
              + "': drop option '"
              + IS_DELETE_FLOW
              + "'");
    }
    return new ReservedTables(parsed, () -> factory(parsed).create(parsed.connectorOptions()));
  }

  private ConnectorSpec spec(SourceOptions parsed, String tableName) {
    return new ConnectorSpec(
        factory(parsed).name(), tableName, parsed.flow(), parsed.connectorOptions());
  }

  private LakeflowConnectFactory factory(SourceOptions parsed) {
    return ConnectorFactories.select(parsed.connectorName(), fixedConnectorName);
  }

  private String requireTableName(SourceOptions parsed) {
    if (parsed.tableName() != null) {
      return parsed.tableName();
    }
    String tables;
    try {
      LakeflowConnect connector = factory(parsed).create(parsed.connectorOptions());
      tables = "; this connector serves " + connector.listTables();
    } catch (RuntimeException e) {
      // the missing table name is the error to report; listing tables is only a courtesy
      tables = "";
    }
    throw new LakeflowException(
        "Missing option '" + TABLE_NAME + "': set it to the table to read" + tables);
  }
}
