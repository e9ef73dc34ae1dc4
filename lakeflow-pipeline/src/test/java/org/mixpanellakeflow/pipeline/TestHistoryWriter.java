package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.forgetLastCommit;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.readAt;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.rows;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runOnce;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runner;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.spec;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.user;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.with;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * SCD type 2 when the cursor does not move: a profile edited without its {@code $last_seen}
 * changing, or re-read by a full refresh. Rows print as {@code [id, name, [last_seen, city],
 * generated_timestamp, __START_AT, __END_AT]}.
 */
class TestHistoryWriter {

  private static final String SCD2 = "{\"scd_type\": \"SCD_TYPE_2\"}";

  @TempDir Path warehouse;

  @Test
  void recordsAChangeThatKeepsTheCursorAsTheNewCurrentRow() throws IOException {
    PipelineFixtures.defineReadUsers("users_edited", IngestionType.CDC);
    MemoryStore.append(
        "users_edited",
        List.of(
            readAt(user("u1", "Ann", 1), 10),
            readAt(user("u1", "Anna", 3), 10),
            readAt(user("u2", "Bob", 2), 10)));
    runOnce(warehouse, spec("users_edited", SCD2));
    MemoryStore.append(
        "users_edited",
        List.of(
            readAt(user("u1", "Annie", 3), 20), // edited, same cursor
            readAt(user("u2", "Bob", 2), 20), // re-read: only the read time differs
            readAt(user("u1", "Ann again", 1), 20))); // older than u1's current row

    runOnce(warehouse, spec("users_edited", SCD2));

    List<String> expected =
        List.of(
            "[u1,Ann,[1,city-u1],10,1,3]",
            "[u1,Anna,[3,city-u1],10,3,3]",
            "[u1,Annie,[3,city-u1],20,3,null]",
            "[u2,Bob,[2,city-u2],10,2,null]");
    assertThat(rows(warehouse, "users_edited")).isEqualTo(expected);

    forgetLastCommit(warehouse, "users_edited", 1);
    TableRunSummary replay = runOnce(warehouse, spec("users_edited", SCD2));

    assertThat(replay.rowsRead()).isEqualTo(3L);
    assertThat(rows(warehouse, "users_edited")).isEqualTo(expected);

    MemoryStore.append("users_edited", List.of(readAt(user("u1", "Annie", 3), 30)));
    runOnce(warehouse, spec("users_edited", SCD2));

    assertThat(rows(warehouse, "users_edited")).isEqualTo(expected);
  }

  /**
   * A VARIANT column (which Spark can neither hash nor compare) is content like any other: a
   * re-read whose VARIANT has other bytes but the same value (keys sent in another order) adds
   * nothing, an edit inside it at the same cursor is a correction, and a batch holding a version
   * twice picks one row whatever the order.
   */
  @Test
  void comparesVariantColumnsByTheirValue() throws IOException {
    MemoryStore.define(
        "users_traits",
        PipelineFixtures.USERS_READ.add("traits", DataTypes.VariantType),
        new TableMetadata(List.of("$distinct_id"), "$properties.$last_seen", IngestionType.CDC)
            .withUntrackedColumns(List.of("generated_timestamp")));
    MemoryStore.append(
        "users_traits",
        List.of(
            with(readAt(user("u1", "Ann", 3), 10), "traits", traits("plan", "pro", "seats", 3L)),
            with(readAt(user("u2", "Bob", 2), 10), "traits", traits("plan", "free"))));
    runOnce(warehouse, spec("users_traits", SCD2));
    MemoryStore.append(
        "users_traits",
        List.of(
            // the same value, keys in another order: other bytes in the VARIANT
            with(readAt(user("u1", "Ann", 3), 20), "traits", traits("seats", 3L, "plan", "pro")),
            // edited inside the VARIANT, same cursor, twice in the batch with the same read time
            with(readAt(user("u2", "Bob", 2), 20), "traits", traits("plan", "team")),
            with(readAt(user("u2", "Bob", 2), 20), "traits", traits("plan", "trial"))));

    runOnce(warehouse, spec("users_traits", SCD2));

    List<String> stored =
        SharedSpark.session().read().format("delta").load(runner(warehouse).tablePath("users_traits"))
            .selectExpr("`$distinct_id`", "to_json(traits)", "generated_timestamp", "__END_AT")
            .collectAsList().stream().map(Row::toString).sorted().toList();
    assertThat(stored).hasSize(3).startsWith("[u1,{\"plan\":\"pro\",\"seats\":3},10,null]",
        "[u2,{\"plan\":\"free\"},10,2]");
    // one of the two edits, the same on a replay of the batch
    assertThat(stored.get(2)).matches("\\[u2,\\{\"plan\":\"(team|trial)\"\\},20,null\\]");
    forgetLastCommit(warehouse, "users_traits", 1);
    runOnce(warehouse, spec("users_traits", SCD2));
    assertThat(SharedSpark.session().read().format("delta").load(runner(warehouse).tablePath("users_traits"))
            .selectExpr("`$distinct_id`", "to_json(traits)", "generated_timestamp", "__END_AT")
            .collectAsList().stream().map(Row::toString).sorted().toList())
        .isEqualTo(stored);
  }

  private static Map<String, Object> traits(Object... pairs) {
    Map<String, Object> traits = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      traits.put((String) pairs[i], pairs[i + 1]);
    }
    return traits;
  }

  @Test
  void keepsTheLastReadWhenOneBatchHoldsAVersionTwice() throws IOException {
    PipelineFixtures.defineReadUsers("users_read_twice", IngestionType.CDC);
    MemoryStore.append("users_read_twice", List.of(readAt(user("u1", "Ann", 3), 10)));
    runOnce(warehouse, spec("users_read_twice", SCD2));
    MemoryStore.append(
        "users_read_twice",
        List.of(
            readAt(user("u1", "Anna", 3), 30),
            readAt(user("u1", "Annie", 3), 20),
            user("u2", "Bobby", 2), // no read time: loses to any
            readAt(user("u2", "Bob", 2), 5)));

    runOnce(warehouse, spec("users_read_twice", SCD2));

    List<String> expected =
        List.of(
            "[u1,Ann,[3,city-u1],10,3,3]",
            "[u1,Anna,[3,city-u1],30,3,null]",
            "[u2,Bob,[2,city-u2],5,2,null]");
    assertThat(rows(warehouse, "users_read_twice")).isEqualTo(expected);

    forgetLastCommit(warehouse, "users_read_twice", 1);
    runOnce(warehouse, spec("users_read_twice", SCD2));

    assertThat(rows(warehouse, "users_read_twice")).isEqualTo(expected);
  }
}
