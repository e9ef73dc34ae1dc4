package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.event;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.forgetLastCommit;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.rows;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runOnce;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.spec;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.user;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * Each micro-batch is read from the connector exactly once, by the write, and counted while it is
 * written: for every writer, on a first sync (empty table) and on a later one (MERGE), for empty
 * batches and for a batch replayed after a crash. The memory connector logs every partition read.
 */
class TestMicroBatches {

  @TempDir Path warehouse;

  @ParameterizedTest
  @ValueSource(strings = {"SCD_TYPE_1", "SCD_TYPE_2", "APPEND_ONLY"})
  void readsEachPartitionOfAChangeFeedOnce(String scdType) {
    String table = "users_read_once_" + scdType.toLowerCase();
    PipelineFixtures.defineUsers(table, IngestionType.CDC);
    MemoryStore.append(
        table,
        List.of(
            user("u1", "Ann", 1),
            user("u2", "Bob", 2),
            user("u1", "Anna", 3),
            user("u3", "Cy", 4),
            user("u4", "Di", 5),
            user("u2", "Bobby", 6)));
    PipelineSpec spec =
        spec(table, "{\"scd_type\": \"" + scdType + "\", \"max_records_per_batch\": 4}");

    TableRunSummary first = runOnce(warehouse, spec);

    assertThat(List.of(first.rowsRead(), first.batches())).containsExactly(6L, 2L);
    assertThat(MemoryStore.partitionReads(table)).containsExactlyInAnyOrder("0-2", "2-4", "4-6");

    MemoryStore.append(
        table, List.of(user("u1", "Annie", 7), user("u3", "Cy", 4), user("u5", "Ed", 8)));
    TableRunSummary second = runOnce(warehouse, spec);

    assertThat(List.of(second.rowsRead(), second.batches())).containsExactly(3L, 1L);
    assertThat(MemoryStore.partitionReads(table))
        .containsExactlyInAnyOrder("0-2", "2-4", "4-6", "6-8", "8-9");
  }

  @Test
  void readsEachPartitionOfAnAppendTableOnce() {
    PipelineFixtures.defineEvents("events_read_once");
    MemoryStore.append("events_read_once", List.of(event("e1", 1), event("e2", 2), event("e3", 3)));

    TableRunSummary summary = runOnce(warehouse, spec("events_read_once", "{}"));

    assertThat(List.of(summary.rowsRead(), summary.batches(), summary.rowsInTable()))
        .containsExactly(3L, 1L, 3L);
    assertThat(MemoryStore.partitionReads("events_read_once"))
        .containsExactlyInAnyOrder("0-2", "2-3");
  }

  @Test
  void readsEachPartitionOfASnapshotOnce() {
    StructType schema =
        new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);
    MemoryStore.define(
        "cohorts_read_once",
        schema,
        new TableMetadata(List.of("id"), null, IngestionType.SNAPSHOT));
    MemoryStore.replace(
        "cohorts_read_once",
        List.of(
            Map.of("id", 1L, "name", "a"),
            Map.of("id", 2L, "name", "b"),
            Map.of("id", 3L, "name", "c")));
    runOnce(warehouse, spec("cohorts_read_once", "{}"));
    MemoryStore.replace(
        "cohorts_read_once",
        List.of(Map.of("id", 1L, "name", "a2"), Map.of("id", 4L, "name", "d")));
    MemoryStore.forgetPartitionReads("cohorts_read_once");

    TableRunSummary second = runOnce(warehouse, spec("cohorts_read_once", "{}"));

    assertThat(List.of(second.rowsRead(), second.rowsInTable())).containsExactly(2L, 2L);
    assertThat(MemoryStore.partitionReads("cohorts_read_once")).containsExactly("0-2");
    assertThat(rows(warehouse, "cohorts_read_once")).containsExactly("[1,a2]", "[4,d]");
  }

  @Test
  void countsEmptyBatchesAndReadsAReplayedBatchOnce() throws IOException {
    PipelineFixtures.defineUsers("users_gaps", IngestionType.CDC);
    MemoryStore.append(
        "users_gaps",
        List.of(
            user("u1", "Ann", 1),
            user("u2", "Bob", 2),
            MemoryStore.GAP, // a batch with a partition and no record
            MemoryStore.GAP,
            user("u1", "Anna", 3)));
    PipelineSpec spec = spec("users_gaps", "{\"max_records_per_batch\": 2}");

    TableRunSummary first = runOnce(warehouse, spec);

    assertThat(List.of(first.rowsRead(), first.batches(), first.rowsInTable()))
        .containsExactly(3L, 3L, 2L);
    List<String> before = rows(warehouse, "users_gaps");
    long version = PipelineFixtures.tableVersion(warehouse, "users_gaps");

    forgetLastCommit(warehouse, "users_gaps", 2);
    TableRunSummary replay = runOnce(warehouse, spec);

    assertThat(List.of(replay.rowsRead(), replay.batches())).containsExactly(1L, 1L);
    assertThat(rows(warehouse, "users_gaps")).isEqualTo(before);
    assertThat(PipelineFixtures.tableVersion(warehouse, "users_gaps")).isEqualTo(version);
    // once by the first run, once by the replay, which counts it without writing
    assertThat(MemoryStore.partitionReads("users_gaps"))
        .containsExactlyInAnyOrder("0-2", "2-4", "4-5", "4-5");
  }
}
