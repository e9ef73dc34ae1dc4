package org.mixpanellakeflow.connect.spark;

import static org.mixpanellakeflow.connect.spark.LakeflowDataSource.CONNECTOR;
import static org.mixpanellakeflow.connect.spark.LakeflowDataSource.DATABRICKS_CONNECTION;
import static org.mixpanellakeflow.connect.spark.LakeflowDataSource.IS_DELETE_FLOW;
import static org.mixpanellakeflow.connect.spark.LakeflowDataSource.MAX_ROWS_PER_TRIGGER;
import static org.mixpanellakeflow.connect.spark.LakeflowDataSource.TABLE_CONFIGS;
import static org.mixpanellakeflow.connect.spark.LakeflowDataSource.TABLE_NAME;
import static org.mixpanellakeflow.connect.spark.LakeflowDataSource.TABLE_NAME_LIST;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * The options of one read, split into the source's own keys and the rest, which go to the connector
 * unchanged (case preserved) as both its connection and its table options.
 *
 * <p>Spark treats option keys case-insensitively, so the source's own keys are matched ignoring
 * case; everything else keeps the spelling the user wrote.
 *
 * @param connectorName the {@code connector} option, or {@code null} when absent
 * @param tableName the {@code tableName} option, or {@code null} when absent
 * @param tableNameList raw JSON of {@code tableNameList}, or {@code null}
 * @param tableConfigs raw JSON of {@code tableConfigs}, or {@code null}
 * @param maxRowsPerTrigger the {@code maxRowsPerTrigger} read limit, or {@code null} for none
 * @param databricksConnection the {@code databricks.connection} name, or {@code null}
 */
record SourceOptions(
    String connectorName,
    String tableName,
    Flow flow,
    String tableNameList,
    String tableConfigs,
    Long maxRowsPerTrigger,
    String databricksConnection,
    Map<String, String> connectorOptions) {

  private static final Set<String> OWN_KEYS =
      Set.of(
          TABLE_NAME.toLowerCase(Locale.ROOT),
          TABLE_NAME_LIST.toLowerCase(Locale.ROOT),
          TABLE_CONFIGS.toLowerCase(Locale.ROOT),
          IS_DELETE_FLOW.toLowerCase(Locale.ROOT),
          CONNECTOR.toLowerCase(Locale.ROOT),
          MAX_ROWS_PER_TRIGGER.toLowerCase(Locale.ROOT),
          DATABRICKS_CONNECTION.toLowerCase(Locale.ROOT));

  SourceOptions {
    Objects.requireNonNull(flow, "flow is null");
    // an unmodifiable LinkedHashMap stays Serializable, so it can travel inside input partitions
    connectorOptions =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(
                Objects.requireNonNull(connectorOptions, "connectorOptions is null")));
  }

  static SourceOptions parse(Map<String, String> options) {
    Map<String, String> own = new LinkedHashMap<>();
    Map<String, String> rest = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (OWN_KEYS.contains(key)) {
        own.put(key, e.getValue());
      } else {
        rest.put(e.getKey(), e.getValue());
      }
    }
    return new SourceOptions(
        blankToNull(own.get(CONNECTOR.toLowerCase(Locale.ROOT))),
        blankToNull(own.get(TABLE_NAME.toLowerCase(Locale.ROOT))),
        parseFlow(own.get(IS_DELETE_FLOW.toLowerCase(Locale.ROOT))),
        blankToNull(own.get(TABLE_NAME_LIST.toLowerCase(Locale.ROOT))),
        blankToNull(own.get(TABLE_CONFIGS.toLowerCase(Locale.ROOT))),
        parseMaxRows(own.get(MAX_ROWS_PER_TRIGGER.toLowerCase(Locale.ROOT))),
        blankToNull(own.get(DATABRICKS_CONNECTION.toLowerCase(Locale.ROOT))),
        rest);
  }

  private static Long parseMaxRows(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long rows = Long.parseLong(value.strip());
      if (rows > 0) {
        return rows;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new LakeflowException(
        "Invalid value for option '"
            + MAX_ROWS_PER_TRIGGER
            + "': '"
            + value
            + "' (expected a positive whole number of rows, e.g. 1000000; leave it out for no"
            + " limit)");
  }

  private static Flow parseFlow(String value) {
    if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
      return Flow.ROWS;
    }
    if (value.strip().equalsIgnoreCase("true")) {
      return Flow.DELETES;
    }
    throw new LakeflowException(
        "Invalid value for option '"
            + IS_DELETE_FLOW
            + "': '"
            + value
            + "' (expected true or false)");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Whether a read returns a table's rows or, for {@code isDeleteFlow=true}, its deletions. */
  enum Flow {
    ROWS,
    DELETES
  }
}
