package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.CONNECTIONS;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.readAt;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.rows;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runOnce;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runner;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.spec;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.user;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

class TestPipelineRunner {

  @TempDir Path warehouse;

  @Test
  void upsertsTheLatestVersionOfEachKeyOnce() {
    PipelineFixtures.defineUsers("users_upsert", IngestionType.CDC);
    MemoryStore.append(
        "users_upsert",
        List.of(
            user("u1", "Ann", 1),
            user("u1", "Anna", 3), // two versions in one batch
            user("u2", "Bob", 2),
            user("u3", "Cy", 4),
            user("u2", "Bobby", 1))); // older than the stored version
    PipelineSpec spec =
        spec("users_upsert", "{\"max_records_per_batch\": 2, \"cluster_by\": [\"$distinct_id\"]}");

    TableRunSummary first = runOnce(warehouse, spec);

    assertThat(first.ingestionType()).isEqualTo(IngestionType.CDC);
    assertThat(first.destination()).isEqualTo("users_upsert");
    assertThat(List.of(first.rowsRead(), first.batches(), first.rowsInTable()))
        .containsExactly(5L, 3L, 3L);
    List<String> expected =
        List.of("[u1,Anna,[3,city-u1]]", "[u2,Bob,[2,city-u2]]", "[u3,Cy,[4,city-u3]]");
    assertThat(rows(warehouse, "users_upsert")).isEqualTo(expected);

    TableRunSummary again = runOnce(warehouse, spec);

    assertThat(List.of(again.rowsRead(), again.batches(), again.rowsInTable()))
        .containsExactly(0L, 0L, 3L);
    assertThat(rows(warehouse, "users_upsert")).isEqualTo(expected);

    MemoryStore.append("users_upsert", List.of(user("u3", "Cyd", 5)));
    TableRunSummary third = runOnce(warehouse, spec);

    assertThat(List.of(third.rowsRead(), third.batches(), third.rowsInTable()))
        .containsExactly(1L, 1L, 3L);
    assertThat(rows(warehouse, "users_upsert"))
        .containsExactly("[u1,Anna,[3,city-u1]]", "[u2,Bob,[2,city-u2]]", "[u3,Cyd,[5,city-u3]]");
  }

  @Test
  void upsertsTheLastReadOfAVersionReadTwiceInOneBatch() {
    PipelineFixtures.defineReadUsers("users_upsert_twice", IngestionType.CDC);
    MemoryStore.append(
        "users_upsert_twice",
        List.of(readAt(user("u1", "Annie", 3), 20), readAt(user("u1", "Anna", 3), 30)));

    runOnce(warehouse, spec("users_upsert_twice", "{}"));

    assertThat(rows(warehouse, "users_upsert_twice")).containsExactly("[u1,Anna,[3,city-u1],30]");
  }

  @Test
  void removesRowsGoneFromASnapshot() {
    StructType schema =
        new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);
    MemoryStore.define(
        "cohorts_snapshot", schema, new TableMetadata(List.of("id"), null, IngestionType.SNAPSHOT));
    MemoryStore.replace(
        "cohorts_snapshot",
        List.of(
            Map.of("id", 1L, "name", "a"),
            Map.of("id", 2L, "name", "b"),
            Map.of("id", 3L, "name", "c")));
    PipelineSpec spec = spec("cohorts_snapshot", "{}");

    TableRunSummary first = runOnce(warehouse, spec);

    assertThat(List.of(first.rowsRead(), first.batches(), first.rowsInTable()))
        .containsExactly(3L, 1L, 3L);

    MemoryStore.replace(
        "cohorts_snapshot",
        List.of(
            Map.of("id", 1L, "name", "a2"),
            Map.of("id", 3L, "name", "c"),
            Map.of("id", 4L, "name", "d")));
    TableRunSummary second = runOnce(warehouse, spec);

    assertThat(second.ingestionType()).isEqualTo(IngestionType.SNAPSHOT);
    assertThat(rows(warehouse, "cohorts_snapshot")).containsExactly("[1,a2]", "[3,c]", "[4,d]");
  }

  @Test
  void deletesKeysNamedByTheDeleteStream() {
    PipelineFixtures.defineUsers("users_deletes", IngestionType.CDC_WITH_DELETES);
    MemoryStore.append(
        "users_deletes", List.of(user("u1", "Ann", 1), user("u2", "Bob", 2), user("u3", "Cy", 3)));
    MemoryStore.appendDeletes(
        "users_deletes",
        List.of(
            Map.of("$distinct_id", "u2", "$properties", Map.of("$last_seen", 5L)),
            Map.of(
                "$distinct_id",
                "u3",
                "$properties",
                Map.of("$last_seen", 1L)))); // older than u3's row

    TableRunSummary summary = runOnce(warehouse, spec("users_deletes", "{}"));

    assertThat(summary.rowsRead()).isEqualTo(5L);
    assertThat(rows(warehouse, "users_deletes"))
        .containsExactly("[u1,Ann,[1,city-u1]]", "[u3,Cy,[3,city-u3]]");
  }

  @Test
  void appendsEveryRecordOnceWhenAppendOnlyOverridesCdc() {
    PipelineFixtures.defineUsers("users_append_only", IngestionType.CDC);
    MemoryStore.append("users_append_only", List.of(user("u1", "Ann", 1), user("u1", "Anna", 3)));
    PipelineSpec spec = spec("users_append_only", "{\"scd_type\": \"append_only\"}");

    TableRunSummary first = runOnce(warehouse, spec);
    runOnce(warehouse, spec);

    assertThat(first.ingestionType()).isEqualTo(IngestionType.APPEND);
    assertThat(rows(warehouse, "users_append_only"))
        .containsExactly("[u1,Ann,[1,city-u1]]", "[u1,Anna,[3,city-u1]]");
  }

  @Test
  void createsAnEmptyTableWhenTheSourceHasNoRecords() {
    PipelineFixtures.defineUsers("users_empty", IngestionType.CDC);

    TableRunSummary summary = runOnce(warehouse, spec("users_empty", "{}"));

    assertThat(List.of(summary.rowsRead(), summary.rowsInTable())).containsExactly(0L, 0L);
    assertThat(
            SharedSpark.session()
                .read()
                .format("delta")
                .load(runner(warehouse).tablePath("users_empty"))
                .schema())
        .isEqualTo(PipelineFixtures.USERS);
  }

  @Test
  void rejectsScdType2ForSnapshotsBeforeWritingAnything() {
    MemoryStore.define(
        "cohorts_scd2",
        new StructType().add("id", DataTypes.LongType),
        new TableMetadata(List.of("id"), null, IngestionType.SNAPSHOT));

    assertThatThrownBy(
            () -> runOnce(warehouse, spec("cohorts_scd2", "{\"scd_type\": \"SCD_TYPE_2\"}")))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Table 'cohorts_scd2' (snapshot): scd_type SCD_TYPE_2 is supported only for cdc and"
                + " cdc_with_deletes tables so far; use SCD_TYPE_1 or APPEND_ONLY");
    assertThat(warehouse).isEmptyDirectory();
  }

  @Test
  void rejectsACdcTableWithoutCursor() {
    MemoryStore.define(
        "events_no_cursor",
        PipelineFixtures.EVENTS,
        new TableMetadata(List.of("$insert_id"), null, IngestionType.CDC));

    assertThatThrownBy(() -> runOnce(warehouse, spec("events_no_cursor", "{}")))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Table 'events_no_cursor' (cdc) has no cursor field to order changes by; set"
                + " table_configuration.sequence_by");
  }

  @Test
  void namesAMissingSequenceColumnAndTheColumnsThatExist() {
    PipelineFixtures.defineUsers("users_bad_sequence", IngestionType.CDC);

    assertThatThrownBy(
            () ->
                runOnce(
                    warehouse,
                    spec("users_bad_sequence", "{\"sequence_by\": \"properties.time\"}")))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Cannot ingest source table 'users_bad_sequence' into 'users_bad_sequence' (committed"
                + " batches are kept; fix the cause and run again): The sequence column"
                + " 'properties.time' of table 'users_bad_sequence' is not in its schema (top-level"
                + " columns: $distinct_id, name, $properties); fix table_configuration or the"
                + " connector's metadata");
  }

  @Test
  void rejectsAnUnknownConnectionName() {
    PipelineSpec spec =
        PipelineSpec.parse(
            "{\"connection_name\": \"nope\", \"objects\": [{\"table\": {\"source_table\":"
                + " \"x\"}}]}");

    assertThatThrownBy(() -> runner(warehouse).run(spec, CONNECTIONS))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Unknown connection 'nope' (known connections: mem); add it to the connections file or"
                + " fix 'connection_name'");
  }

  @Test
  void landsDestinationsUnderTheWarehouse() {
    PipelineRunner runner = runner(warehouse);

    assertThat(runner.tablePath("events")).isEqualTo(warehouse + "/events");
    assertThat(runner.checkpointPath("main.mp.events"))
        .isEqualTo(warehouse + "/_checkpoints/main.mp.events");
    assertThat(runner.withCheckpointRoot("/volumes/state/").checkpointPath("main.mp.events"))
        .isEqualTo("/volumes/state/main.mp.events");
    assertThat(SharedSpark.session().conf().get("spark.sql.shuffle.partitions")).isEqualTo("2");
    assertThat(SharedSpark.session().conf().get("spark.sql.extensions"))
        .isEqualTo("io.delta.sql.DeltaSparkSessionExtension");
  }

  @Test
  void refusesACatalogTableTheInMemorySessionCatalogWouldForgetOrLandsItAsAFolder() {
    PipelineFixtures.defineUsers("users_in_memory", IngestionType.CDC);
    MemoryStore.append("users_in_memory", List.of(user("u1", "Ann", 1)));
    PipelineSpec spec =
        PipelineSpec.parse(
            "{\"connection_name\": \"mem\", \"objects\": [{\"table\": {\"source_table\":"
                + " \"users_in_memory\", \"destination_catalog\": \"spark_catalog\","
                + " \"destination_schema\": \"mixpanel\"}}]}");

    assertThatThrownBy(() -> runner(warehouse).run(spec, CONNECTIONS))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Destination 'spark_catalog.mixpanel.users_in_memory' of source table"
                + " 'users_in_memory' is in the session catalog, which this Spark session keeps in"
                + " memory (spark.sql.catalogImplementation=in-memory): the table would be"
                + " forgotten when the session ends and the next run could not find it; use a"
                + " session with a persistent metastore (Hive support), or leave out"
                + " destination_catalog and destination_schema to write a folder under the"
                + " warehouse");
    assertThat(warehouse).isEmptyDirectory();

    TableRunSummary summary =
        runner(warehouse).withCatalogTablesAsFolders().run(spec, CONNECTIONS).tables().get(0);

    assertThat(summary.destination()).isEqualTo("spark_catalog.mixpanel.users_in_memory");
    assertThat(rows(warehouse, "spark_catalog.mixpanel.users_in_memory"))
        .containsExactly("[u1,Ann,[1,city-u1]]");
    assertThat(SharedSpark.session().catalog().databaseExists("mixpanel")).isFalse();
  }
}
