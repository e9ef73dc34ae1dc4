package org.mixpanellakeflow.pipeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/** Tables, records and runs shared by the Spark tests. */
final class PipelineFixtures {

  static final Connections CONNECTIONS =
      Connections.parse(
          "{\"connections\": {\"mem\": {\"connector\": \"memory\","
              + " \"options\": {\"token\": \"${env:MEM_TOKEN}\"}}}}",
          Map.of("MEM_TOKEN", MemoryConnector.TOKEN));

  /** Mixpanel-like profiles: a {@code $} key and a cursor nested in a {@code $} struct. */
  static final StructType USERS =
      new StructType()
          .add("$distinct_id", DataTypes.StringType)
          .add("name", DataTypes.StringType)
          .add(
              "$properties",
              new StructType()
                  .add("$last_seen", DataTypes.LongType)
                  .add("$city", DataTypes.StringType));

  static final StructType EVENTS =
      new StructType()
          .add("$insert_id", DataTypes.StringType)
          .add("event", DataTypes.StringType)
          .add("time", DataTypes.LongType);

  private PipelineFixtures() {}

  static void defineUsers(String table, IngestionType type) {
    MemoryStore.define(
        table, USERS, new TableMetadata(List.of("$distinct_id"), "$properties.$last_seen", type));
  }

  static void defineEvents(String table) {
    MemoryStore.define(
        table, EVENTS, new TableMetadata(List.of("$insert_id"), "time", IngestionType.APPEND));
  }

  static Map<String, Object> user(String id, String name, long lastSeen) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("$last_seen", lastSeen);
    properties.put("$city", "city-" + id);
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("$distinct_id", id);
    user.put("name", name);
    user.put("$properties", properties);
    return user;
  }

  static Map<String, Object> event(String id, long time) {
    return Map.of("$insert_id", id, "event", "view", "time", time);
  }

  /** A spec with one table read through the memory connection. */
  static PipelineSpec spec(String sourceTable, String tableConfiguration) {
    return PipelineSpec.parse(
        "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\": \""
            + sourceTable
            + "\", \"table_configuration\": "
            + tableConfiguration
            + "}}]}");
  }

  static PipelineRunner runner(Path warehouse) {
    return new PipelineRunner(SharedSpark.session(), warehouse.toString());
  }

  static TableRunSummary runOnce(Path warehouse, PipelineSpec spec) {
    return runner(warehouse).run(spec, CONNECTIONS).tables().get(0);
  }

  /** The table's rows as sorted strings, e.g. {@code [u1,Ann,[3,city-u1]]}. */
  static List<String> rows(Path warehouse, String destination) {
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(runner(warehouse).tablePath(destination))
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }
}
