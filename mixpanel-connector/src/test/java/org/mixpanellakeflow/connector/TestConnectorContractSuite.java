package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.Offsets;
import org.mixpanellakeflow.connect.TableMetadata;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/**
 * The Lakeflow contract, run for every table: list, schema, metadata, the read terminates, a
 * restart from every intermediate offset neither loses nor duplicates a record, planning is
 * idempotent, and every column is populated by at least one record.
 */
class TestConnectorContractSuite {

  static final Instant NOW = Instant.parse("2024-05-10T15:30:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(1234).apiSecret("suite-secret").timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(30)
          .eventDays(LocalDate.of(2024, 4, 25), LocalDate.of(2024, 5, 10))
          .profileCount(1500).cohortCount(3).build();

  static MixpanelEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(CLOCK).project(PROJECT).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static MixpanelConnector connector() {
    return connector(PropertiesFormat.STRUCT);
  }

  /** The connector with {@code format} as the connection's properties format. */
  static MixpanelConnector connector(PropertiesFormat format) {
    Map<String, String> options = new HashMap<>();
    options.put("properties_format", format.optionValue());
    options.put("api_secret", "suite-secret");
    options.put("project_timezone", "UTC");
    options.put("historical_days", "15");
    options.put("export_window_days", "1");
    options.put("base_url", emulator.baseUri().toString());
    return new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), CLOCK);
  }

  /** Every table in every properties format (the cohort tables have no properties to format). */
  static Stream<Arguments> tablesInEveryFormat() {
    return Stream.of("events", "cohorts", "cohort_members", "engage")
        .flatMap(table -> Arrays.stream(PropertiesFormat.values()).map(format -> Arguments.of(table, format)));
  }

  /** The format as a table option, over a connection that asks for another one. */
  @ParameterizedTest
  @MethodSource("tablesInEveryFormat")
  void isListedWithSchemaAndMetadata(String table, PropertiesFormat format) {
    MixpanelConnector connector =
        connector(format == PropertiesFormat.STRUCT ? PropertiesFormat.VARIANT : PropertiesFormat.STRUCT);
    Map<String, String> tableOptions = Map.of("properties_format", format.optionValue());
    assertThat(connector.listTables()).contains(table);
    StructType schema = connector.getTableSchema(table, tableOptions);
    TableMetadata metadata = connector.readTableMetadata(table, tableOptions);
    for (String key : metadata.primaryKeys()) {
      assertThat(schema.fieldNames()).as("primary key %s is a column", key).contains(key);
    }
    if (metadata.ingestionType() == IngestionType.CDC) {
      // the cursor is a typed column, which the pipeline can order by: never in a VARIANT
      DataType type = schema;
      for (String segment : metadata.cursorField().split("\\.")) {
        type = ((StructType) type).apply(segment).dataType();
      }
      assertThat(type).isIn(DataTypes.LongType, DataTypes.StringType);
    } else {
      assertThat(metadata.cursorField()).isNull();
    }
    boolean variant = Arrays.stream(schema.fields()).anyMatch(f -> f.dataType() instanceof VariantType);
    assertThat(variant).isEqualTo(format.hasVariant() && List.of("events", "engage").contains(table));
  }

  @ParameterizedTest
  @MethodSource("tablesInEveryFormat")
  void readTerminatesAndEveryColumnIsPopulated(String table, PropertiesFormat format) {
    List<Map<String, Object>> records =
        TestMixpanelConnectorContract.readToEnd(connector(format), table, null, new ArrayList<>());
    assertThat(records).isNotEmpty();
    Set<String> populated = new HashSet<>();
    StructType schema = connector(format).getTableSchema(table, Map.of());
    collect("", schema, records, populated);
    for (String column : columns("", schema)) {
      assertThat(populated).as("column %s of %s", column, table).contains(column);
    }
    // the same records go through the Spark source's conversion
    org.mixpanellakeflow.connect.spark.RecordConverter converter =
        new org.mixpanellakeflow.connect.spark.RecordConverter(table, schema);
    records.forEach(converter::convert);
  }

  @ParameterizedTest
  @ValueSource(strings = {"events", "engage"})
  void restartingFromEveryOffsetNeitherLosesNorDuplicates(String table) {
    String key = connector().readTableMetadata(table, Map.of()).primaryKeys().get(0);
    List<Map<String, Object>> offsets = new ArrayList<>();
    List<Map<String, Object>> all = TestMixpanelConnectorContract.readToEnd(connector(), table, null, offsets);
    assertThat(keys(all, key)).hasSameSizeAs(all);
    List<Map<String, Object>> before = new ArrayList<>();
    Map<String, Object> previous = null;
    MixpanelConnector run = connector();
    for (Map<String, Object> offset : offsets) {
      try (var it = run.readTable(table, previous, Map.of()).records()) {
        it.forEachRemaining(before::add);
      }
      List<Map<String, Object>> combined = new ArrayList<>(before);
      combined.addAll(TestMixpanelConnectorContract.readToEnd(connector(), table, offset, new ArrayList<>()));
      assertThat(keys(combined, key)).as("restart from %s", offset).isEqualTo(keys(all, key));
      assertThat(combined).as("restart from %s", offset).hasSameSizeAs(all);
      previous = offset;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"events", "cohorts", "cohort_members", "engage"})
  void planningTheSameOffsetsTwiceGivesTheSamePartitions(String table) {
    MixpanelConnector connector = connector();
    Map<String, Object> start = connector.initialOffset(table, Map.of());
    Map<String, Object> end = connector.latestOffset(table, Map.of(), start);
    assertThat(Offsets.fromJson(Offsets.toJson(end))).isEqualTo(end);
    assertThat(connector.getPartitions(table, Map.of(), start, end))
        .isEqualTo(connector().getPartitions(table, Map.of(), start, end));
    assertThat(connector.getPartitions(table, Map.of(), end, end)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"events", "engage"})
  void rejectsAnOffsetOfAnotherVersion(String table) {
    assertThatThrownBy(() -> connector().latestOffset(table, Map.of(), Map.of("version", 99L)))
        .isInstanceOf(LakeflowException.class)
        .hasMessageContaining("Cannot resume the " + table + " table from offset {version=99}")
        .hasMessageContaining("move the table's checkpoint folder aside");
  }

  static Set<Object> keys(List<Map<String, Object>> records, String key) {
    Set<Object> keys = new HashSet<>();
    records.forEach(r -> keys.add(r.get(key)));
    return keys;
  }

  static List<String> columns(String prefix, StructType schema) {
    List<String> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (field.dataType() instanceof StructType nested) {
        columns.addAll(columns(prefix + field.name() + ".", nested));
      } else {
        columns.add(prefix + field.name());
      }
    }
    return columns;
  }

  @SuppressWarnings("unchecked")
  static void collect(String prefix, StructType schema, List<Map<String, Object>> records, Set<String> populated) {
    for (StructField field : schema.fields()) {
      String name = prefix + field.name();
      List<Map<String, Object>> values = new ArrayList<>();
      for (Map<String, Object> record : records) {
        Object value = record.get(field.name());
        if (value == null || (value instanceof Map<?, ?> m && m.isEmpty() && !(field.dataType() instanceof StructType))) {
          continue;
        }
        if (field.dataType() instanceof StructType) {
          values.add((Map<String, Object>) value);
        } else {
          populated.add(name);
        }
      }
      if (field.dataType() instanceof StructType nested) {
        collect(name + ".", nested, values, populated);
      }
    }
  }
}
