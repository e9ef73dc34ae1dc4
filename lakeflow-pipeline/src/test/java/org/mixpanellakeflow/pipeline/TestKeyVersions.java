package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.USERS_READ;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/** The fingerprint and the one-row-per-version choice, on small in-memory frames. */
class TestKeyVersions {

  @Test
  void fingerprintLeavesOutUntrackedColumnsNestedOnesToo() {
    KeyVersions versions = versions(List.of("generated_timestamp", "$properties.$city"));

    List<String> fingerprints =
        frame(user("Ann", "rome", 10L), user("Ann", "paris", 20L), user("Anna", "rome", 10L))
            .select(versions.fingerprint())
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();

    assertThat(fingerprints.get(1)).isEqualTo(fingerprints.get(0));
    assertThat(fingerprints.get(2)).isNotEqualTo(fingerprints.get(0)).hasSize(64);
  }

  @Test
  void picksTheSameRowWhateverTheOrderOfTheBatch() {
    KeyVersions versions = versions(List.of());
    Row ann = user("Ann", "rome", 10L);
    Row anna = user("Anna", "rome", 10L);

    List<Row> forward = versions.onePerVersion(frame(ann, anna)).collectAsList();
    List<Row> backward = versions.onePerVersion(frame(anna, ann)).collectAsList();

    assertThat(forward).hasSize(1).isEqualTo(backward);
  }

  @Test
  void picksTheLastReadAndLetsAMissingReadTimeLose() {
    KeyVersions versions = versions(List.of("generated_timestamp"));

    List<Row> picked =
        versions
            .onePerVersion(
                frame(
                    user("Ann", "rome", 20L),
                    user("Anna", "rome", null),
                    user("Annie", "rome", 5L)))
            .collectAsList();

    assertThat(picked).extracting(r -> r.getString(1)).containsExactly("Ann");
  }

  /**
   * The latest version per key in one step equals the latest of one row per version: every tie
   * rule (sequence, then read time with nulls losing, then fingerprint) on several keys at once,
   * in either order of the batch, with one shuffle.
   */
  @Test
  void latestPerKeyInOneStepEqualsOnePerVersionThenLatest() {
    KeyVersions versions = versions(List.of("generated_timestamp"));
    MergeKeys keys = MergeKeys.require(plan(List.of("generated_timestamp")), USERS_READ);
    List<Row> rows = List.of(
        user("u1", "Ann", 3L, "rome", 10L), user("u1", "Anna", 3L, "rome", 10L),
        user("u1", "Old", 2L, "oslo", 99L), user("u2", "Bob", null, "lima", 1L),
        user("u2", "Bobby", null, "lima", 2L), user("u3", "Cy", 7L, "kiev", null),
        user("u3", "Cyd", 7L, "kiev", 4L), user("u4", "Dee", 1L, "baku", 5L),
        user("u4", "Dee", 1L, "baku", 5L), user("u5", "Eve", 4L, "fez", null),
        user("u5", "Evie", 4L, "fez", null), user("u6", "Flo", 9L, "rio", 1L));
    List<Row> reversed = new java.util.ArrayList<>(rows);
    java.util.Collections.reverse(reversed);

    for (List<Row> batch : List.of(rows, reversed)) {
      Dataset<Row> frame = SharedSpark.session().createDataFrame(batch, USERS_READ);
      Dataset<Row> oneStep = versions.latestPerKey(frame);
      assertThat(oneStep.orderBy("$distinct_id").collectAsList())
          .isEqualTo(keys.latestPerKey(versions.onePerVersion(frame)).orderBy("$distinct_id").collectAsList())
          .extracting(r -> r.getString(1))
          .hasSize(6)
          .contains("Bobby", "Cyd", "Dee", "Flo") // the later read wins; a missing one loses
          .doesNotContain("Old", "Bob", "Cy"); // and an older version never does
      String plan = oneStep.queryExecution().executedPlan().toString();
      assertThat(plan.split("Exchange hashpartitioning", -1)).as(plan).hasSize(2);
    }
    assertThat(versions.latestPerKey(frame(user("u1", "Evie", 4L, "fez", null), user("u1", "Eve", 4L, "fez", null)))
        .collectAsList()).extracting(r -> r.getString(1))
        .containsExactly(versions.latestPerKey(frame(user("u1", "Eve", 4L, "fez", null), user("u1", "Evie", 4L, "fez", null)))
            .collectAsList().get(0).getString(1));
  }

  /** Maps (which Spark does not hash) at any depth are hashed; untracked fields are left out. */
  @Test
  void tieBreakerHashesMapsAndLeavesOutUntrackedFields() {
    Dataset<Row> rows = SharedSpark.session().sql(
        "SELECT * FROM VALUES"
            + " ('k', 1L, map('a', '1'), named_struct('at', 5L, 'm', map('b', '2')), array(map('c', '3'))),"
            + " ('k', 1L, map('a', '1'), named_struct('at', 9L, 'm', map('b', '2')), array(map('c', '3'))),"
            + " ('k', 1L, map('a', '2'), named_struct('at', 5L, 'm', map('b', '2')), array(map('c', '3'))),"
            + " ('k', 1L, map('a', '1'), named_struct('at', 5L, 'm', map('b', '3')), array(map('c', '3'))),"
            + " ('k', 1L, map('a', '1'), named_struct('at', 5L, 'm', map('b', '2')), array(map('c', '4')))"
            + " AS t(id, seq, m, s, l)");
    TablePlan plan = TablePlan.of(TableSpec.of("t"),
        new TableMetadata(List.of("id"), "seq", IngestionType.CDC).withUntrackedColumns(List.of("s.at")),
        new TableLocation.Folder("/unused"), "/unused");
    KeyVersions versions = KeyVersions.of(plan, MergeKeys.require(plan, rows.schema()), rows.schema());

    List<Long> hashes = rows.select(versions.tieBreaker()).collectAsList().stream().map(r -> r.getLong(0)).toList();

    assertThat(hashes.get(1)).as("only an untracked field differs").isEqualTo(hashes.get(0));
    assertThat(hashes.subList(2, 5)).as("a map value differs, at any depth").doesNotContain(hashes.get(0))
        .doesNotHaveDuplicates();
  }

  /**
   * VARIANTs, which Spark 4.0's xxhash64 refuses, at the top, in a struct, an array and a map:
   * hashed by their JSON, so equal content hashes alike whatever the key order sent, and one row
   * per version is chosen whatever the batch's order. The fingerprint compares them too.
   */
  @Test
  void hashesAndFingerprintsVariants() {
    Dataset<Row> rows = SharedSpark.session().sql(
        "SELECT id, seq, parse_json(v) AS v, named_struct('at', at, 'w', parse_json(v)) AS s,"
            + " array(parse_json(v)) AS l, map('k', parse_json(v)) AS m FROM VALUES"
            + " ('k', 1L, '{\"a\":1,\"b\":[true]}', 5L),"
            + " ('k', 1L, '{\"b\":[true],\"a\":1}', 9L),"
            + " ('k', 1L, '{\"a\":2,\"b\":[true]}', 5L),"
            + " ('k', 1L, '{\"a\":1,\"b\":[false]}', 5L)"
            + " AS t(id, seq, v, at)");
    TablePlan plan = TablePlan.of(TableSpec.of("t"),
        new TableMetadata(List.of("id"), "seq", IngestionType.CDC).withUntrackedColumns(List.of("s.at")),
        new TableLocation.Folder("/unused"), "/unused");
    KeyVersions versions = KeyVersions.of(plan, MergeKeys.require(plan, rows.schema()), rows.schema());

    List<Row> hashed = rows.select(versions.tieBreaker(), versions.fingerprint()).collectAsList();

    assertThat(hashed.get(1)).as("the same content, keys sent in another order").isEqualTo(hashed.get(0));
    assertThat(hashed.subList(2, 4)).extracting(r -> r.getLong(0)).doesNotContain(hashed.get(0).getLong(0))
        .doesNotHaveDuplicates();
    assertThat(hashed.subList(2, 4)).extracting(r -> r.getString(1)).doesNotContain(hashed.get(0).getString(1));
    List<Row> reversed = new java.util.ArrayList<>(rows.collectAsList());
    java.util.Collections.reverse(reversed);
    Dataset<Row> backward = SharedSpark.session().createDataFrame(reversed, rows.schema());
    assertThat(versions.onePerVersion(rows).selectExpr("to_json(v)", "s.at").collectAsList())
        .hasSize(1)
        .isEqualTo(versions.onePerVersion(backward).selectExpr("to_json(v)", "s.at").collectAsList());
  }

  private static KeyVersions versions(List<String> untracked) {
    return KeyVersions.of(plan(untracked), MergeKeys.require(plan(untracked), USERS_READ), USERS_READ);
  }

  private static TablePlan plan(List<String> untracked) {
    return TablePlan.of(
        TableSpec.of("users"),
        new TableMetadata(List.of("$distinct_id"), "$properties.$last_seen", IngestionType.CDC)
            .withUntrackedColumns(untracked),
        new TableLocation.Folder("/unused"),
        "/unused");
  }

  private static Row user(String id, String name, Long version, String city, Long readAt) {
    return RowFactory.create(id, name, RowFactory.create(version, city), readAt);
  }

  /** Version 3 of user u1. */
  private static Row user(String name, String city, Long readAt) {
    return RowFactory.create("u1", name, RowFactory.create(3L, city), readAt);
  }

  private static Dataset<Row> frame(Row... rows) {
    return SharedSpark.session().createDataFrame(List.of(rows), USERS_READ);
  }
}
