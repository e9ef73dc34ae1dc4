package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
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

  /** {@link #USERS} as read at a time the connector reports: a column that is not content. */
  static final StructType USERS_READ = USERS.add("generated_timestamp", DataTypes.LongType);

  private PipelineFixtures() {}

  /** Users whose {@code generated_timestamp} is untracked. */
  static void defineReadUsers(String table, IngestionType type) {
    MemoryStore.define(
        table,
        USERS_READ,
        new TableMetadata(List.of("$distinct_id"), "$properties.$last_seen", type)
            .withUntrackedColumns(List.of("generated_timestamp")));
  }

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

  /** {@code record} with {@code column} set to {@code value}. */
  static Map<String, Object> with(Map<String, Object> record, String column, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(record);
    copy.put(column, value);
    return copy;
  }

  /** A user as read at {@code generatedTimestamp}. */
  static Map<String, Object> readAt(Map<String, Object> user, long generatedTimestamp) {
    return with(user, "generated_timestamp", generatedTimestamp);
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

  /** What a crash after the batch's write and before Spark's commit leaves behind. */
  static void forgetLastCommit(Path warehouse, String destination, long batchId)
      throws IOException {
    forgetCommit(Path.of(runner(warehouse).checkpointPath(destination)), batchId);
  }

  /** {@link #forgetLastCommit} for the streaming checkpoint at {@code checkpoint}. */
  static void forgetCommit(Path checkpoint, long batchId) throws IOException {
    Path commits = checkpoint.resolve("commits");
    assertThat(commits.resolve(Long.toString(batchId))).exists();
    Files.delete(commits.resolve(Long.toString(batchId)));
    Files.deleteIfExists(commits.resolve("." + batchId + ".crc"));
  }

  /** The table's latest Delta version: one more for every commit. */
  static long tableVersion(Path warehouse, String destination) {
    return DeltaTable.forPath(SharedSpark.session(), runner(warehouse).tablePath(destination))
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }

  /**
   * The table's Delta operations from its creation on, e.g. {@code [CREATE TABLE, WRITE, MERGE]}.
   */
  static List<String> operations(Path warehouse, String destination) {
    return DeltaTable.forPath(SharedSpark.session(), runner(warehouse).tablePath(destination))
        .history()
        .orderBy("version")
        .select("operation")
        .collectAsList()
        .stream()
        .map(r -> r.getString(0))
        .toList();
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
