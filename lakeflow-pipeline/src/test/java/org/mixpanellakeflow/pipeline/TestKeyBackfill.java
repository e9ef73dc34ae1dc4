package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.rows;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runOnce;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runner;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.spec;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.user;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.with;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * A table first written with the key {@code $distinct_id}, then read from a connector whose key is
 * ({@code $distinct_id}, {@code home}). Rows print with {@code home} last.
 */
class TestKeyBackfill {

  private static final StructType USERS_WITH_HOME =
      PipelineFixtures.USERS.add("home", DataTypes.StringType);
  private static final String CITY = "`$properties`.`$city`";

  @TempDir Path warehouse;

  @Test
  void addsANewKeyColumnAndFillsItForStoredRows() {
    PipelineFixtures.defineUsers("users_rekeyed", IngestionType.CDC);
    MemoryStore.append("users_rekeyed", List.of(user("u1", "Ann", 1), user("u2", "Bob", 2)));
    PipelineSpec spec = spec("users_rekeyed", "{\"cluster_by\": [\"name\"]}");
    runOnce(warehouse, spec);
    addHomeKey("users_rekeyed", Map.of("home", CITY));
    MemoryStore.append(
        "users_rekeyed",
        List.of(
            with(user("u1", "Anna", 3), "home", "city-u1"), // the backfilled row's key
            with(user("u1", "Ann abroad", 4), "home", "paris")));

    TableRunSummary summary = runOnce(warehouse, spec);

    assertThat(summary.rowsInTable()).isEqualTo(3L);
    assertThat(rows(warehouse, "users_rekeyed"))
        .containsExactly(
            "[u1,Ann abroad,[4,city-u1],paris]",
            "[u1,Anna,[3,city-u1],city-u1]",
            "[u2,Bob,[2,city-u2],city-u2]");
    Row detail =
        SharedSpark.session()
            .sql("DESCRIBE DETAIL delta.`" + runner(warehouse).tablePath("users_rekeyed") + "`")
            .first();
    assertThat(detail.<String>getList(detail.fieldIndex("clusteringColumns")))
        .containsExactly("name");
  }

  @Test
  void refusesATableWithoutAKeyColumnBeforeReadingAnything() {
    PipelineFixtures.defineUsers("users_new_key", IngestionType.CDC);
    MemoryStore.append("users_new_key", List.of(user("u1", "Ann", 1)));
    runOnce(warehouse, spec("users_new_key", "{}"));
    addHomeKey("users_new_key", Map.of());
    MemoryStore.append("users_new_key", List.of(with(user("u2", "Bob", 2), "home", "rome")));
    MemoryStore.failReadsFrom("users_new_key", 0); // any read of records would fail instead

    assertThatThrownBy(() -> runOnce(warehouse, spec("users_new_key", "{}")))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "The Delta table '"
                + runner(warehouse).tablePath("users_new_key")
                + "' of source table 'users_new_key' has no column for primary key(s) [home],"
                + " which this run matches rows on (keys [$distinct_id, home]), and the connector"
                + " gives no backfill for [home]; move the table and its checkpoint folder '"
                + runner(warehouse).checkpointPath("users_new_key")
                + "' aside to sync it again from the start, or add the column(s) to the table and"
                + " fill them yourself, then run again");
    assertThat(rows(warehouse, "users_new_key")).containsExactly("[u1,Ann,[1,city-u1]]");
  }

  @Test
  void aRunAfterABackfillFailedHalfWayFinishesIt() {
    PipelineFixtures.defineUsers("users_backfill_crash", IngestionType.CDC);
    MemoryStore.append(
        "users_backfill_crash", List.of(user("u1", "Ann", 1), user("u1", "Anna", 3)));
    PipelineSpec spec = spec("users_backfill_crash", "{\"scd_type\": \"SCD_TYPE_2\"}");
    runOnce(warehouse, spec);
    addHomeKey(
        "users_backfill_crash",
        Map.of("home", "IF(name = 'Anna', raise_error('disk full'), " + CITY + ")"));
    MemoryStore.append(
        "users_backfill_crash", List.of(with(user("u1", "Anne", 5), "home", "city-u1")));

    assertThatThrownBy(() -> runOnce(warehouse, spec))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith(
            "Cannot ingest source table 'users_backfill_crash' into 'users_backfill_crash'"
                + " (committed batches are kept; fix the cause and run again): Cannot backfill the"
                + " primary key column(s) [home] of the Delta table '"
                + runner(warehouse).tablePath("users_backfill_crash")
                + "' (the next run resumes the backfill; check the connector's key_backfills"
                + " expressions): ")
        .hasMessageContaining("disk full");
    // the crash came between adding the column and filling it
    assertThat(rows(warehouse, "users_backfill_crash"))
        .containsExactly("[u1,Ann,[1,city-u1],1,3,null]", "[u1,Anna,[3,city-u1],3,null,null]");

    addHomeKey("users_backfill_crash", Map.of("home", CITY));
    runOnce(warehouse, spec);

    assertThat(rows(warehouse, "users_backfill_crash"))
        .containsExactly(
            "[u1,Ann,[1,city-u1],1,3,city-u1]",
            "[u1,Anna,[3,city-u1],3,5,city-u1]",
            "[u1,Anne,[5,city-u1],5,null,city-u1]");
  }

  /** The connector now keys users by ($distinct_id, home), with these backfills. */
  private static void addHomeKey(String table, Map<String, String> backfills) {
    MemoryStore.redefine(
        table,
        USERS_WITH_HOME,
        new TableMetadata(
                List.of("$distinct_id", "home"), "$properties.$last_seen", IngestionType.CDC)
            .withKeyBackfills(backfills));
  }
}
