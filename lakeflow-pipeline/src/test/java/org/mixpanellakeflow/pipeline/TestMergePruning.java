package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.event;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runOnce;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.runner;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * {@code merge_prune_by_sequence}: events whose key never changes its time. To prove that the MERGE
 * does not read target files outside the batch's time range, the tests delete those files from disk
 * (not from the table): a MERGE that opened them would fail.
 */
class TestMergePruning {

  @TempDir Path warehouse;

  @ParameterizedTest
  @ValueSource(strings = {"SCD_TYPE_1", "APPEND_ONLY"})
  void readsOnlyTargetFilesInTheBatchSequenceRange(String scdType) throws IOException {
    String table = "events_pruned_" + scdType.toLowerCase();
    defineEvents(table);
    PipelineSpec spec =
        spec(table, "{\"scd_type\": \"" + scdType + "\", \"merge_prune_by_sequence\": true}");
    MemoryStore.append(table, List.of(event("e1", 1), event("e2", 2), event("e3", 3)));
    runOnce(warehouse, spec);
    deleteDataFiles(table);

    MemoryStore.append(table, List.of(event("e4", 100), event("e5", 101)));
    runOnce(warehouse, spec);
    MemoryStore.append(table, List.of(event("e4", 100), renamed(event("e5", 101), "click")));
    TableRunSummary third = runOnce(warehouse, spec);

    assertThat(third.rowsRead()).isEqualTo(2L);
    // the copy on disk serves the range and the MERGE: the connector is read once per batch
    assertThat(MemoryStore.partitionReads(table))
        .containsExactlyInAnyOrder("0-2", "2-3", "3-5", "5-7");
    assertThat(rowsFrom(table, 100))
        .containsExactly(
            "[e4,view,100]", scdType.equals("APPEND_ONLY") ? "[e5,view,101]" : "[e5,click,101]");
  }

  @Test
  void prunesOnItsOwnWhenTheConnectorSaysAKeysSequenceNeverChanges() throws IOException {
    MemoryStore.define(
        "events_fixed",
        PipelineFixtures.EVENTS,
        new TableMetadata(List.of("$insert_id"), "time", IngestionType.CDC).withSequenceFixedPerKey());
    PipelineSpec spec = spec("events_fixed", "{}");
    MemoryStore.append("events_fixed", List.of(event("e1", 1), event("e2", 2)));
    runOnce(warehouse, spec);
    deleteDataFiles("events_fixed");

    MemoryStore.append("events_fixed", List.of(event("e4", 100), event("e5", 101)));
    runOnce(warehouse, spec);

    assertThat(rowsFrom("events_fixed", 100)).containsExactly("[e4,view,100]", "[e5,view,101]");
  }

  @Test
  void withoutPruningTheMergeReadsEveryTargetFile() throws IOException {
    defineEvents("events_unpruned");
    PipelineSpec spec = spec("events_unpruned", "{}");
    MemoryStore.append("events_unpruned", List.of(event("e1", 1), event("e2", 2)));
    runOnce(warehouse, spec);
    deleteDataFiles("events_unpruned");
    MemoryStore.append("events_unpruned", List.of(event("e4", 100)));

    assertThatThrownBy(() -> runOnce(warehouse, spec))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith(
            "Cannot ingest source table 'events_unpruned' into 'events_unpruned'")
        .hasMessageContaining("FileNotFoundException")
        .hasMessageContaining("/events_unpruned/part-");
  }

  @Test
  void matchesStoredRowsWithoutSequenceWhenTheBatchHasSome() {
    defineEvents("events_null_time");
    PipelineSpec spec = spec("events_null_time", "{\"merge_prune_by_sequence\": \"true\"}");
    MemoryStore.append("events_null_time", List.of(event("e1", 1), untimed("n1", "view")));
    runOnce(warehouse, spec);
    MemoryStore.append("events_null_time", List.of(event("e2", 5), untimed("n1", "click")));

    TableRunSummary second = runOnce(warehouse, spec);

    assertThat(second.rowsInTable()).isEqualTo(3L);
    assertThat(PipelineFixtures.rows(warehouse, "events_null_time"))
        .containsExactly("[e1,view,1]", "[e2,view,5]", "[n1,click,null]");
  }

  @Test
  void refusesPruningForAHistory() {
    defineEvents("events_pruned_history");

    assertThatThrownBy(
            () ->
                runOnce(
                    warehouse,
                    spec(
                        "events_pruned_history",
                        "{\"scd_type\": \"SCD_TYPE_2\", \"merge_prune_by_sequence\": true}")))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Table 'events_pruned_history' (cdc): merge_prune_by_sequence applies only to cdc"
                + " tables with scd_type SCD_TYPE_1 or APPEND_ONLY; remove it");
  }

  private static void defineEvents(String table) {
    MemoryStore.define(
        table,
        PipelineFixtures.EVENTS,
        new TableMetadata(List.of("$insert_id"), "time", IngestionType.CDC));
  }

  private static Map<String, Object> renamed(Map<String, Object> event, String name) {
    return PipelineFixtures.with(event, "event", name);
  }

  private static Map<String, Object> untimed(String id, String name) {
    Map<String, Object> event = new HashMap<>();
    event.put("$insert_id", id);
    event.put("event", name);
    event.put("time", null);
    return event;
  }

  /** Removes the table's data files from disk, leaving its log: what is read of them now fails. */
  private void deleteDataFiles(String table) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(runner(warehouse).tablePath(table)))) {
      List<Path> parquet = files.filter(p -> p.toString().endsWith(".parquet")).toList();
      assertThat(parquet).isNotEmpty();
      for (Path file : parquet) {
        Files.delete(file);
      }
    }
  }

  /**
   * The rows with a time of at least {@code time}; Delta skips the deleted files by their stats.
   */
  private List<String> rowsFrom(String table, long time) {
    return SharedSpark.session()
        .read()
        .format("delta")
        .load(runner(warehouse).tablePath(table))
        .where("time >= " + time)
        .collectAsList()
        .stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }
}
