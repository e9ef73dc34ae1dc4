package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.LakeflowException;

class TestLakeflowStreamingRead {

  private final String dataset = UUID.randomUUID().toString();

  @TempDir Path dir;

  @Test
  void resumesPartitionedStreamFromCheckpointWithoutLossOrDuplicates() throws Exception {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 5));
    Dataset<Row> stream =
        stream("memory").option("tableName", "cdc").option("max_records_per_batch", "2").load();

    StreamingQuery first = runAvailableNow(stream);
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(5, 8));
    StreamingQuery second = runAvailableNow(stream);
    StreamingQuery third = runAvailableNow(stream);

    assertThat(batchesWithInput(first)).isEqualTo(3);
    assertThat(batchesWithInput(second)).isEqualTo(2);
    assertThat(batchesWithInput(third)).isZero();
    assertThat(outputIds()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    Row row = output().where("id = 6").first();
    assertThat(row.getStruct(row.fieldIndex("address")).getInt(1)).isEqualTo(75006);
    assertThat(row.getJavaMap(row.fieldIndex("properties"))).containsEntry("$screen_width", "1920");
  }

  @Test
  void tellsTheDriverWhatEachPartitionReportedBeforeTheNextBatch() throws Exception {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 6));

    runAvailableNow(
        stream("memory").option("tableName", "cdc").option("max_records_per_batch", "4").load());

    // batch 1 reads [0, 4) in two partitions; the driver hears of them before planning batch 2
    // ([4, 6)), and of batch 2's before the last latestOffset, which ends the run
    List<Map<String, Object>> reports = MemoryStore.slice(dataset, MemoryConnector.REPORTS, 0, 10);
    assertThat(reports)
        .extracting(r -> r.get("call") + ": " + r.get("from") + ".." + r.get("to"))
        .containsExactlyInAnyOrder("1: 0..2", "1: 2..4", "2: 4..6");
    assertThat(reports).allSatisfy(r -> assertThat(r.get("pid")).isInstanceOf(Long.class));
  }

  @Test
  void readsRowsStraightFromAConnectorThatOffersThemWithTheSameResultAndReports() throws Exception {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 6));

    runAvailableNow(stream("memory").option("tableName", "cdc").option("row_reads", "true")
        .option("max_records_per_batch", "4").load());

    assertThat(outputIds()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    Row row = output().where("id = 4").first();
    assertThat(row.getJavaMap(row.fieldIndex("properties"))).containsEntry("$screen_width", "1920");
    List<Map<String, Object>> reports = MemoryStore.slice(dataset, MemoryConnector.REPORTS, 0, 10);
    assertThat(reports).extracting(r -> r.get("from") + ".." + r.get("to") + " rows " + r.get("rows_built"))
        .containsExactlyInAnyOrder("0..2 rows 2", "2..4 rows 2", "4..6 rows 2");
  }

  @Test
  void replaysAnUncommittedFirstBatchFromThePersistedInitialOffset() throws Exception {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 5));
    List<Long> delivered = new CopyOnWriteArrayList<>();

    assertThatThrownBy(
            () ->
                runForeachBatch(
                    stream("memory").option("tableName", "cdc").option("initial_index", "1").load(),
                    (batch, batchId) -> {
                      throw new IllegalStateException("simulated crash before the first commit");
                    }))
        .rootCause()
        .hasMessage("simulated crash before the first commit");
    // the connector would now start at index 0; the replayed first batch must still start at 1
    runForeachBatch(
        stream("memory").option("tableName", "cdc").option("initial_index", "0").load(),
        (batch, batchId) -> batch.collectAsList().forEach(r -> delivered.add(r.getLong(0))));

    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
    assertThat(dir.resolve("checkpoint/sources/0/" + InitialOffsetStore.FILE_NAME))
        .content()
        .isEqualTo("{\"version\":1,\"offset\":{\"index\":1}}");
  }

  @Test
  void seesNewRecordsOnLaterTriggersOfALongRunningQuery() throws Exception {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 2));
    List<Long> delivered = new CopyOnWriteArrayList<>();
    VoidFunction2<Dataset<Row>, Long> sink =
        (batch, batchId) -> batch.collectAsList().forEach(r -> delivered.add(r.getLong(0)));
    StreamingQuery query =
        stream("memory")
            .option("tableName", "cdc")
            .load()
            .writeStream()
            .foreachBatch(sink)
            .option("checkpointLocation", dir.resolve("checkpoint").toString())
            .start();
    try {
      query.processAllAvailable();
      MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(2, 4));
      // twice: a trigger already running when the records arrived may end the first wait
      query.processAllAvailable();
      query.processAllAvailable();
    } finally {
      query.stop();
    }

    assertThat(delivered).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void streamsThroughReadTableOnTheDriverWithoutPartitionedReads() throws Exception {
    append(SimpleConnector.CHANGES, 1, 6);
    Dataset<Row> stream =
        stream("memory_simple").option("tableName", "changes").option("page_size", "2").load();

    StreamingQuery first = runAvailableNow(stream);
    append(SimpleConnector.CHANGES, 6, 8);
    StreamingQuery second = runAvailableNow(stream);

    assertThat(batchesWithInput(first)).isEqualTo(3);
    assertThat(batchesWithInput(second)).isEqualTo(1);
    assertThat(outputIds()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void streamsDeletions() throws Exception {
    append(SimpleConnector.CHANGES, 1, 3);
    MemoryStore.append(
        dataset, SimpleConnector.CHANGES_DELETES, List.of(Map.of("id", 1L, "updated_at", 500L)));

    runAvailableNow(
        stream("memory_simple")
            .option("tableName", "changes")
            .option("isDeleteFlow", "true")
            .load());

    assertThat(output().collectAsList()).extracting(Row::toString).containsExactly("[1,null,500]");
  }

  @Test
  void refusesToStreamASnapshotTable() {
    Dataset<Row> stream = stream("memory_simple").option("tableName", "snapshot").load();

    assertThatThrownBy(() -> runAvailableNow(stream))
        .rootCause()
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Cannot stream table 'snapshot': the connector returned no end offset, as snapshot"
                + " tables do; read it with spark.read (batch) instead of spark.readStream");
  }

  private StreamingQuery runAvailableNow(Dataset<Row> stream) throws Exception {
    StreamingQuery query =
        stream
            .writeStream()
            .format("parquet")
            .option("checkpointLocation", dir.resolve("checkpoint").toString())
            .trigger(Trigger.AvailableNow())
            .start(dir.resolve("output").toString());
    query.awaitTermination();
    return query;
  }

  private void runForeachBatch(Dataset<Row> stream, VoidFunction2<Dataset<Row>, Long> sink)
      throws Exception {
    stream
        .writeStream()
        .foreachBatch(sink)
        .option("checkpointLocation", dir.resolve("checkpoint").toString())
        .trigger(Trigger.AvailableNow())
        .start()
        .awaitTermination();
  }

  private static long batchesWithInput(StreamingQuery query) {
    return Arrays.stream(query.recentProgress()).filter(p -> p.numInputRows() > 0).count();
  }

  private Dataset<Row> output() {
    assertThat(Files.isDirectory(dir.resolve("output"))).isTrue();
    return TestSpark.session().read().parquet(dir.resolve("output").toString());
  }

  private List<Long> outputIds() {
    return output().orderBy("id").collectAsList().stream().map(r -> r.getLong(0)).toList();
  }

  private void append(String table, long fromId, long toId) {
    for (long id = fromId; id < toId; id++) {
      MemoryStore.append(dataset, table, List.of(SimpleConnector.change(id)));
    }
  }

  private DataStreamReader stream(String connector) {
    return TestSpark.session()
        .readStream()
        .format("lakeflow_connect")
        .option("connector", connector)
        .option("dataset", dataset);
  }
}
