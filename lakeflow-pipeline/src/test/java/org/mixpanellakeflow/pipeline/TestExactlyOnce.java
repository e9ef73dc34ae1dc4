package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.event;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.forgetLastCommit;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.rows;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runOnce;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runner;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.spec;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.user;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.IngestionType;

/**
 * Crashes at the two places that matter: between micro-batches (a read fails, so the batch never
 * reaches the table) and after a batch was written but before Spark committed its offsets (the
 * checkpoint's commit file is removed, so the batch is replayed on the next run).
 */
class TestExactlyOnce {

  @TempDir Path uninterrupted;
  @TempDir Path crashed;

  @Test
  void reRunAfterAFailedBatchGivesTheUninterruptedTable() {
    PipelineFixtures.defineUsers("users_crash", IngestionType.CDC);
    MemoryStore.append(
        "users_crash",
        List.of(
            user("u1", "Ann", 1), user("u2", "Bob", 2),
            user("u1", "Anna", 3), user("u3", "Cy", 4),
            user("u2", "Bobby", 5), user("u4", "Di", 6)));
    PipelineSpec spec = spec("users_crash", "{\"max_records_per_batch\": 2}");
    runOnce(uninterrupted, spec);

    MemoryStore.failReadsFrom("users_crash", 4);
    assertThatThrownBy(() -> runOnce(crashed, spec))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith(
            "Cannot ingest source table 'users_crash' into 'users_crash' (committed batches are"
                + " kept; fix the cause and run again): Stream checkpointed at '"
                + runner(crashed).checkpointPath("users_crash")
                + "' stopped: ")
        .hasMessageContaining("Injected failure reading record 4 of 'users_crash'");
    assertThat(rows(crashed, "users_crash"))
        .containsExactly("[u1,Anna,[3,city-u1]]", "[u2,Bob,[2,city-u2]]", "[u3,Cy,[4,city-u3]]");

    MemoryStore.healReads("users_crash");
    TableRunSummary resumed = runOnce(crashed, spec);

    assertThat(List.of(resumed.rowsRead(), resumed.batches())).containsExactly(2L, 1L);
    assertThat(rows(crashed, "users_crash"))
        .isEqualTo(rows(uninterrupted, "users_crash"))
        .hasSize(4);
  }

  @Test
  void replayedMergeBatchChangesNothing() throws IOException {
    PipelineFixtures.defineUsers("users_replay", IngestionType.CDC);
    MemoryStore.append(
        "users_replay",
        List.of(
            user("u1", "Ann", 1),
            user("u2", "Bob", 2),
            user("u1", "Anna", 3),
            user("u2", "Bob", 2)));
    PipelineSpec spec = spec("users_replay", "{\"max_records_per_batch\": 2}");
    runOnce(crashed, spec);
    List<String> before = rows(crashed, "users_replay");

    forgetLastCommit(crashed, "users_replay", 1);
    TableRunSummary replay = runOnce(crashed, spec);

    assertThat(List.of(replay.rowsRead(), replay.batches())).containsExactly(2L, 1L);
    assertThat(rows(crashed, "users_replay")).isEqualTo(before).hasSize(2);
  }

  @Test
  void firstSyncAppendsAndItsReplayIsANoOp() throws IOException {
    PipelineFixtures.defineUsers("users_first_sync", IngestionType.CDC);
    MemoryStore.append(
        "users_first_sync",
        List.of(user("u1", "Ann", 1), user("u2", "Bob", 2), user("u1", "Anna", 3)));
    PipelineSpec spec = spec("users_first_sync", "{}");
    runOnce(crashed, spec);

    assertThat(PipelineFixtures.operations(crashed, "users_first_sync"))
        .containsExactly("CREATE TABLE", "WRITE");
    List<String> before = rows(crashed, "users_first_sync");
    assertThat(before).containsExactly("[u1,Anna,[3,city-u1]]", "[u2,Bob,[2,city-u2]]");

    forgetLastCommit(crashed, "users_first_sync", 0);
    TableRunSummary replay = runOnce(crashed, spec);

    assertThat(List.of(replay.rowsRead(), replay.batches())).containsExactly(3L, 1L);
    assertThat(PipelineFixtures.operations(crashed, "users_first_sync"))
        .containsExactly("CREATE TABLE", "WRITE");
    assertThat(rows(crashed, "users_first_sync")).isEqualTo(before);

    MemoryStore.append("users_first_sync", List.of(user("u2", "Bobby", 4)));
    runOnce(crashed, spec);

    assertThat(PipelineFixtures.operations(crashed, "users_first_sync"))
        .containsExactly("CREATE TABLE", "WRITE", "MERGE");
    assertThat(rows(crashed, "users_first_sync"))
        .containsExactly("[u1,Anna,[3,city-u1]]", "[u2,Bobby,[4,city-u2]]");
  }

  @Test
  void replayedMergeBatchMakesNoCommit() throws IOException {
    PipelineFixtures.defineUsers("users_merge_replay", IngestionType.CDC);
    MemoryStore.append("users_merge_replay", List.of(user("u1", "Ann", 1)));
    PipelineSpec spec = spec("users_merge_replay", "{}");
    runOnce(crashed, spec);
    MemoryStore.append("users_merge_replay", List.of(user("u1", "Anna", 2)));
    runOnce(crashed, spec);
    long version = PipelineFixtures.tableVersion(crashed, "users_merge_replay");

    forgetLastCommit(crashed, "users_merge_replay", 1);
    TableRunSummary replay = runOnce(crashed, spec);

    assertThat(List.of(replay.rowsRead(), replay.batches())).containsExactly(1L, 1L);
    assertThat(PipelineFixtures.tableVersion(crashed, "users_merge_replay")).isEqualTo(version);
    assertThat(rows(crashed, "users_merge_replay")).containsExactly("[u1,Anna,[2,city-u1]]");
  }

  @Test
  void replayedAppendBatchIsNotWrittenTwice() throws IOException {
    PipelineFixtures.defineEvents("events_replay");
    MemoryStore.append(
        "events_replay", List.of(event("e1", 1), event("e2", 2), event("e3", 3), event("e4", 4)));
    PipelineSpec spec = spec("events_replay", "{\"max_records_per_batch\": 2}");
    runOnce(crashed, spec);

    forgetLastCommit(crashed, "events_replay", 1);
    TableRunSummary replay = runOnce(crashed, spec);

    assertThat(List.of(replay.rowsRead(), replay.batches(), replay.rowsInTable()))
        .containsExactly(2L, 1L, 4L);

    MemoryStore.append("events_replay", List.of(event("e5", 5)));
    TableRunSummary next = runOnce(crashed, spec);

    assertThat(List.of(next.rowsRead(), next.batches(), next.rowsInTable()))
        .containsExactly(1L, 1L, 5L);
  }

  @Test
  void keepsHistoryAndClosesDeletedKeysOnce() throws IOException {
    PipelineFixtures.defineUsers("users_history", IngestionType.CDC_WITH_DELETES);
    MemoryStore.append(
        "users_history",
        List.of(user("u1", "Ann", 1), user("u1", "Anna", 3), user("u2", "Bob", 2)));
    PipelineSpec spec =
        spec("users_history", "{\"scd_type\": \"SCD_TYPE_2\", \"max_records_per_batch\": 2}");
    runOnce(crashed, spec);

    assertThat(rows(crashed, "users_history"))
        .containsExactly(
            "[u1,Ann,[1,city-u1],1,3]",
            "[u1,Anna,[3,city-u1],3,null]",
            "[u2,Bob,[2,city-u2],2,null]");

    MemoryStore.append("users_history", List.of(user("u1", "Anne", 5), user("u2", "Late", 1)));
    MemoryStore.appendDeletes(
        "users_history",
        List.of(Map.of("$distinct_id", "u2", "$properties", Map.of("$last_seen", 6L))));
    runOnce(crashed, spec);
    forgetLastCommit(crashed, "users_history", 2);
    TableRunSummary replay = runOnce(crashed, spec);

    assertThat(replay.rowsRead()).isEqualTo(2L);
    assertThat(rows(crashed, "users_history"))
        .containsExactly(
            "[u1,Ann,[1,city-u1],1,3]",
            "[u1,Anna,[3,city-u1],3,5]",
            "[u1,Anne,[5,city-u1],5,null]",
            "[u2,Bob,[2,city-u2],2,6]");
  }
}
