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

  private static KeyVersions versions(List<String> untracked) {
    TablePlan plan =
        TablePlan.of(
            TableSpec.of("users"),
            new TableMetadata(List.of("$distinct_id"), "$properties.$last_seen", IngestionType.CDC)
                .withUntrackedColumns(untracked),
            "/unused",
            "/unused");
    return KeyVersions.of(plan, MergeKeys.require(plan, USERS_READ), USERS_READ);
  }

  /** Version 3 of user u1. */
  private static Row user(String name, String city, Long readAt) {
    return RowFactory.create("u1", name, RowFactory.create(3L, city), readAt);
  }

  private static Dataset<Row> frame(Row... rows) {
    return SharedSpark.session().createDataFrame(List.of(rows), USERS_READ);
  }
}
