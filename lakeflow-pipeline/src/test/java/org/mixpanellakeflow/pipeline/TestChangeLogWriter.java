package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.forgetLastCommit;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.rows;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runOnce;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.spec;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.user;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/** {@code scd_type} APPEND_ONLY on a change feed: one row per key and version, never updated. */
class TestChangeLogWriter {

  private static final String APPEND_ONLY = "{\"scd_type\": \"APPEND_ONLY\"}";

  @TempDir Path warehouse;

  @Test
  void appendsEachKeyAndVersionOnceWhenTheConnectorReadsItAgain() throws IOException {
    PipelineFixtures.defineUsers("users_log", IngestionType.CDC);
    MemoryStore.append(
        "users_log",
        List.of(
            user("u1", "Ann", 1),
            user("u1", "Anna", 3),
            user("u1", "Anna", 3), // twice in one batch
            user("u2", "Bob", 2)));
    TableRunSummary first = runOnce(warehouse, spec("users_log", APPEND_ONLY));

    assertThat(first.ingestionType()).isEqualTo(IngestionType.APPEND);
    assertThat(first.rowsInTable()).isEqualTo(3L);

    MemoryStore.append(
        "users_log",
        List.of(
            user("u1", "Anna", 3), // read again, like a lookback margin
            user("u2", "Bobby", 2), // other content, same version: the stored row stays
            user("u2", "Rob", 5)));
    runOnce(warehouse, spec("users_log", APPEND_ONLY));
    forgetLastCommit(warehouse, "users_log", 1);
    TableRunSummary replay = runOnce(warehouse, spec("users_log", APPEND_ONLY));

    assertThat(List.of(replay.rowsRead(), replay.batches(), replay.rowsInTable()))
        .containsExactly(3L, 1L, 4L);
    assertThat(rows(warehouse, "users_log"))
        .containsExactly(
            "[u1,Ann,[1,city-u1]]",
            "[u1,Anna,[3,city-u1]]",
            "[u2,Bob,[2,city-u2]]",
            "[u2,Rob,[5,city-u2]]");
  }

  @Test
  void requiresPrimaryKeysToTellVersionsApart() {
    MemoryStore.define(
        "users_log_no_keys",
        PipelineFixtures.USERS,
        new TableMetadata(List.of(), "$properties.$last_seen", IngestionType.CDC));

    assertThatThrownBy(() -> runOnce(warehouse, spec("users_log_no_keys", APPEND_ONLY)))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Table 'users_log_no_keys' (cdc) has no primary keys to tell versions apart; set"
                + " table_configuration.primary_keys, e.g. [\"id\"]");
    assertThat(warehouse).isEmptyDirectory();
  }
}
