package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPipelineSpec {

  private static String spec(String tableJson) {
    return "{\"connection_name\": \"conn\", \"objects\": [{\"table\": " + tableJson + "}]}";
  }

  private static TableSpec onlyTable(String tableJson) {
    return PipelineSpec.parse(spec(tableJson)).tables().get(0);
  }

  @Test
  void defaultsEverythingButTheSourceTable() {
    PipelineSpec spec = PipelineSpec.parse(spec("{\"source_table\": \"events\"}"));

    assertThat(spec.connectionName()).isEqualTo("conn");
    assertThat(spec.tables()).containsExactly(TableSpec.of("events"));
    TableSpec table = spec.tables().get(0);
    assertThat(table.destinationName()).isEqualTo("events");
    assertThat(table.scdType()).isEqualTo(ScdType.SCD_TYPE_1);
    assertThat(table.connectorOptions()).isEmpty();
  }

  @Test
  void mapsEveryKey() {
    TableSpec table =
        onlyTable(
            "{\"source_table\": \"engage\", \"destination_catalog\": \"main\","
                + " \"destination_schema\": \"mixpanel\", \"destination_table\": \"profiles\","
                + " \"table_configuration\": {\"scd_type\": \"append_only\", \"primary_keys\":"
                + " [\"$distinct_id\"], \"sequence_by\": \"$properties.$last_seen\","
                + " \"cluster_by\": \"[\\\"$distinct_id\\\"]\", \"max_records_per_batch\": 50,"
                + " \"merge_prune_by_sequence\": true,"
                + " \"flag\": true, \"nested\": {\"a\": [1, 2]}, \"dropped\": null}}");

    assertThat(table)
        .isEqualTo(
            new TableSpec(
                "engage",
                Optional.of("main"),
                Optional.of("mixpanel"),
                "profiles",
                Map.of("max_records_per_batch", "50", "flag", "true", "nested", "{\"a\":[1,2]}"),
                ScdType.APPEND_ONLY,
                List.of("$distinct_id"),
                Optional.of("$properties.$last_seen"),
                List.of("$distinct_id"),
                MergePruning.BY_SEQUENCE));
    assertThat(table.destinationName()).isEqualTo("main.mixpanel.profiles");
    assertThat(table.catalogTable()).contains(new CatalogTableName("main", "mixpanel", "profiles"));
  }

  @Test
  void usesTheTableNameAloneUnlessCatalogAndSchemaAreBothSet() {
    assertThat(
            onlyTable("{\"source_table\": \"events\", \"destination_catalog\": \"main\"}")
                .destinationName())
        .isEqualTo("events");
    assertThat(
            onlyTable(
                    "{\"source_table\": \"events\", \"destination_schema\": \"mp\","
                        + " \"destination_table\": \"ev\"}")
                .destinationName())
        .isEqualTo("ev");
    assertThat(
            onlyTable("{\"source_table\": \"events\", \"destination_catalog\": \"main\"}")
                .catalogTable())
        .isEmpty();
  }

  @Test
  void quotesEveryPartOfACatalogTableName() {
    CatalogTableName name = new CatalogTableName("main", "my-schema", "events$v2");
    CatalogTableName odd = new CatalogTableName("my.catalog", "a`b", "t");

    assertThat(name.quoted()).isEqualTo("`main`.`my-schema`.`events$v2`");
    assertThat(name.quotedSchema()).isEqualTo("`main`.`my-schema`");
    assertThat(name).hasToString("main.my-schema.events$v2");
    assertThat(odd.quoted()).isEqualTo("`my.catalog`.`a``b`.`t`");
    assertThatThrownBy(() -> new CatalogTableName("main", " ", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schema is blank");
  }

  @Test
  void acceptsTheSeedReadmeSpellingAndWrapper() {
    PipelineSpec spec =
        PipelineSpec.parse(
            "{\"pipeline_spec\": {\"connection_name\": \"my_mixpanel_connection\", \"object\": ["
                + "{\"table\": {\"source_table\": \"events\"}},"
                + "{\"table\": {\"source_table\": \"cohorts\"}}]}}");

    assertThat(spec.connectionName()).isEqualTo("my_mixpanel_connection");
    assertThat(spec.tables())
        .extracting(TableSpec::sourceTable)
        .containsExactly("events", "cohorts");
  }

  @Test
  void readsAFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("spec.json"), spec("{\"source_table\": \"events\"}"));

    assertThat(PipelineSpec.parse(file).tables()).containsExactly(TableSpec.of("events"));
  }

  @Test
  void rejectsAMissingFile(@TempDir Path dir) {
    Path file = dir.resolve("absent.json");

    assertThatThrownBy(() -> PipelineSpec.parse(file))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot read pipeline spec file '" + file + "': NoSuchFileException");
  }

  @Test
  void acceptsTheScdTypeInAnyCase() {
    assertThat(
            onlyTable(
                    "{\"source_table\": \"e\", \"table_configuration\": {\"scd_type\":"
                        + " \"Scd_Type_2\"}}")
                .scdType())
        .isEqualTo(ScdType.SCD_TYPE_2);
  }

  @Test
  void rejectsAMergePruningThatIsNotABoolean() {
    assertThatThrownBy(
            () ->
                onlyTable(
                    "{\"source_table\": \"e\", \"table_configuration\":"
                        + " {\"merge_prune_by_sequence\": \"yes\"}}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Invalid value for 'merge_prune_by_sequence' in objects[0].table.table_configuration:"
                + " 'yes' (expected true or false)");
  }

  @Test
  void rejectsAnUnknownScdType() {
    assertThatThrownBy(
            () ->
                onlyTable(
                    "{\"source_table\": \"e\", \"table_configuration\": {\"scd_type\":"
                        + " \"SCD_TYPE_3\"}}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Invalid value for 'scd_type' in objects[0].table.table_configuration: 'SCD_TYPE_3'"
                + " (expected one of SCD_TYPE_1, SCD_TYPE_2, APPEND_ONLY)");
  }

  @Test
  void rejectsPrimaryKeysThatAreNotAList() {
    assertThatThrownBy(
            () ->
                onlyTable(
                    "{\"source_table\": \"e\", \"table_configuration\": {\"primary_keys\":"
                        + " \"id\"}}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Invalid value for 'primary_keys' in objects[0].table.table_configuration: 'id'"
                + " (expected a non-empty JSON list of column names, e.g. [\"id\"])");
  }

  @Test
  void rejectsUnknownKeysNamingTheAllowedOnes() {
    assertThatThrownBy(() -> PipelineSpec.parse("{\"connection_name\": \"c\", \"objets\": []}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Unknown key 'objets' in pipeline spec (allowed: connection_name, objects, object)");
    assertThatThrownBy(() -> onlyTable("{\"source_table\": \"e\", \"destination\": \"x\"}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Unknown key 'destination' in objects[0].table (allowed: source_table,"
                + " destination_catalog, destination_schema, destination_table,"
                + " table_configuration)");
    assertThatThrownBy(
            () ->
                PipelineSpec.parse("{\"connection_name\": \"c\", \"objects\": [{\"tabel\": {}}]}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Unknown key 'tabel' in objects[0] (allowed: table)");
    assertThatThrownBy(() -> PipelineSpec.parse("{\"pipeline_spec\": {}, \"extra\": 1}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Unknown key 'extra' in pipeline spec wrapper (allowed: pipeline_spec)");
  }

  @Test
  void rejectsBothSpellingsAtOnce() {
    assertThatThrownBy(
            () ->
                PipelineSpec.parse("{\"connection_name\": \"c\", \"objects\": [], \"object\": []}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Cannot set both 'objects' and 'object' in pipeline spec; keep only 'objects'");
  }

  @Test
  void rejectsAMissingOrEmptyConnectionName() {
    assertThatThrownBy(
            () -> PipelineSpec.parse("{\"objects\": [{\"table\": {\"source_table\": \"e\"}}]}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Pipeline spec is missing 'connection_name' (the name of a connection in the"
                + " connections file)");
    assertThatThrownBy(() -> PipelineSpec.parse("{\"connection_name\": \" \", \"objects\": []}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "'connection_name' in pipeline spec must be a non-empty string, not string \" \"");
  }

  @Test
  void rejectsMissingOrEmptyObjects() {
    assertThatThrownBy(() -> PipelineSpec.parse("{\"connection_name\": \"c\"}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Pipeline spec is missing 'objects' (a non-empty list of {\"table\": {...}} entries)");
    assertThatThrownBy(() -> PipelineSpec.parse("{\"connection_name\": \"c\", \"object\": []}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Pipeline spec 'objects' must be a non-empty list");
  }

  @Test
  void rejectsATableWithoutSourceTable() {
    assertThatThrownBy(() -> onlyTable("{\"destination_table\": \"x\"}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("objects[0].table is missing 'source_table'");
  }

  @Test
  void rejectsTwoTablesWithOneDestination() {
    assertThatThrownBy(
            () ->
                PipelineSpec.parse(
                    "{\"connection_name\": \"c\", \"objects\": [{\"table\": {\"source_table\":"
                        + " \"a\"}}, {\"table\": {\"source_table\": \"b\", \"destination_table\":"
                        + " \"a\"}}]}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Destination 'a' is written by both objects[0] and objects[1]; give one of them another"
                + " destination_table");
  }

  @Test
  void rejectsDestinationNamesThatAreNotPlainNames() {
    assertThatThrownBy(
            () -> onlyTable("{\"source_table\": \"e\", \"destination_table\": \"../x\"}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Invalid value for 'destination_table' in objects[0].table: '../x' (must not contain"
                + " '/', '\\', '.' or '`')");
  }

  @Test
  void rejectsOptionsReservedByTheSource() {
    assertThatThrownBy(
            () ->
                onlyTable(
                    "{\"source_table\": \"e\", \"table_configuration\": {\"TableName\": \"x\"}}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Key 'TableName' in objects[0].table.table_configuration is reserved by the"
                + " lakeflow_connect source; remove it");
  }

  @Test
  void rejectsInvalidJsonAndWrongShapes() {
    assertThatThrownBy(() -> PipelineSpec.parse("{\"connection_name\": "))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Cannot parse pipeline spec: not valid JSON (Unexpected end-of-input within/between"
                + " Object entries at line 1, column 21)");
    assertThatThrownBy(() -> PipelineSpec.parse("[]"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Pipeline spec must be a JSON object, not array");
    assertThatThrownBy(
            () ->
                PipelineSpec.parse(
                    "{\"connection_name\": \"c\", \"objects\": [{\"table\": \"events\"}]}"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("objects[0].table must be a JSON object, not string \"events\"");
    assertThatThrownBy(
            () -> PipelineSpec.parse("{\"connection_name\": \"a\", \"connection_name\": \"b\"}"))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith(
            "Cannot parse pipeline spec: not valid JSON (Duplicate field 'connection_name'");
  }
}
