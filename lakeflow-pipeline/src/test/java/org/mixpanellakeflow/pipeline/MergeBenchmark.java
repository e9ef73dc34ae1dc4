package org.mixpanellakeflow.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times a first sync of N generated events and a second sync re-reading the newest fraction of
 * them, for the write paths of the upsert writer, and prints rows per second, after a warm-up sync
 * of 20,000 events that is not reported. Not part of the
 * default build (tag {@code benchmark}); run it on a quiet machine, see {@code docs/pipeline.md}.
 *
 * <p>System properties: {@code benchmark.events} (default 1,000,000), {@code benchmark.payload}
 * (bytes of random payload per event, 200), {@code benchmark.reRead} (share of events the second
 * sync reads again, 0.1), {@code benchmark.perPartition} (events per connector partition, 100,000).
 * Results go to the console and to {@code target/merge-benchmark.txt}.
 */
@Tag("benchmark")
class MergeBenchmark {

  private static final String TABLE = "bench_events";

  @TempDir Path dir;

  private enum FirstSync {
    /** An empty table: the batch is appended. */
    INSERT_ONLY,
    /** The table holds one unrelated row, so the same batch goes through a MERGE. */
    MERGE
  }

  @Test
  void firstAndSecondSync() throws IOException {
    int events = Integer.getInteger("benchmark.events", 1_000_000);
    int payload = Integer.getInteger("benchmark.payload", 200);
    int reRead = (int) (events * Double.parseDouble(System.getProperty("benchmark.reRead", "0.1")));
    int perPartition = Integer.getInteger("benchmark.perPartition", 100_000);
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "events=%d payloadBytes=%d reRead=%d perPartition=%d shufflePartitions=%s",
            events,
            payload,
            reRead,
            perPartition,
            SharedSpark.session().conf().get("spark.sql.shuffle.partitions")));
    // the first Delta writes of a JVM run several times slower while the JIT warms up
    Path warmUp = Files.createTempDirectory(dir, "warm-up");
    GeneratedEvents.define(TABLE, 20_000, payload);
    timed("warm-up", warmUp, "{}");
    GeneratedEvents.defineWithReReads(TABLE, 20_000, payload, 2_000);
    timed("warm-up", warmUp, "{}");
    for (FirstSync first : FirstSync.values()) {
      for (MergePruning pruning : MergePruning.values()) {
        Path warehouse = Files.createTempDirectory(dir, first + "-" + pruning);
        String spec =
            "{\"records_per_partition\": "
                + perPartition
                + ", \"merge_prune_by_sequence\": "
                + (pruning == MergePruning.BY_SEQUENCE)
                + "}";
        GeneratedEvents.define(TABLE, events, payload);
        if (first == FirstSync.MERGE) {
          seedOneRow(warehouse);
        }
        lines.add(timed("first sync, " + first + " (then " + pruning + ")", warehouse, spec));
        GeneratedEvents.defineWithReReads(TABLE, events, payload, reRead);
        lines.add(timed("second sync, pruning " + pruning, warehouse, spec));
      }
    }
    lines.forEach(System.out::println);
    Files.write(Path.of("target", "merge-benchmark.txt"), lines);
  }

  private static String timed(String label, Path warehouse, String spec) {
    long start = System.nanoTime();
    TableRunSummary summary =
        PipelineFixtures.runOnce(warehouse, PipelineFixtures.spec(TABLE, spec));
    double seconds = (System.nanoTime() - start) / 1e9;
    return String.format(
        "%-52s rows=%d seconds=%.1f rows/s=%.0f rowsInTable=%d",
        label, summary.rowsRead(), seconds, summary.rowsRead() / seconds, summary.rowsInTable());
  }

  /** A table that is not empty, holding a key the generated events never use. */
  private static void seedOneRow(Path warehouse) {
    SharedSpark.session()
        .createDataFrame(
            List.of(RowFactory.create("seed", "view", -1L, "nobody", "")), GeneratedEvents.SCHEMA)
        .write()
        .format("delta")
        .save(PipelineFixtures.runner(warehouse).tablePath(TABLE));
  }
}
