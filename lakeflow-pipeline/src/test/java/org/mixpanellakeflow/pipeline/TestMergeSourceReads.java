package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * How often Delta 4.0's MERGE reads a source that comes from the connector, by the setting the
 * writers pin ({@link DeltaSettings#MATERIALIZE_SOURCE}). A MERGE that can update reads its source
 * in two passes (find the touched files, then write); {@code none} runs both on the connector,
 * {@code auto} copies a non-Delta source to local disk first, and an insert-only MERGE makes one
 * pass either way. The source has three records in partitions 0-2 and 2-3.
 */
class TestMergeSourceReads {

  private static final StructType SCHEMA =
      new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);

  @TempDir Path dir;

  @Test
  void anUpdatingMergeReadsTheConnectorTwiceWithoutMaterialization() {
    mergeInto("merge_reads_none", "none", MergeKind.UPDATE_AND_INSERT);

    assertThat(MemoryStore.partitionReads("merge_reads_none"))
        .containsExactlyInAnyOrder("0-2", "0-2", "2-3", "2-3");
  }

  @Test
  void anUpdatingMergeReadsTheConnectorOnceWithAutoMaterialization() {
    mergeInto("merge_reads_auto", "auto", MergeKind.UPDATE_AND_INSERT);

    assertThat(MemoryStore.partitionReads("merge_reads_auto"))
        .containsExactlyInAnyOrder("0-2", "2-3");
  }

  @Test
  void anInsertOnlyMergeReadsTheConnectorOnceWithoutACopy() {
    mergeInto("merge_reads_insert_only", "auto", MergeKind.INSERT_ONLY);

    assertThat(MemoryStore.partitionReads("merge_reads_insert_only"))
        .containsExactlyInAnyOrder("0-2", "2-3");
  }

  private enum MergeKind {
    UPDATE_AND_INSERT,
    INSERT_ONLY
  }

  /** Merges the source on {@code id} into a table already holding ids 1 and 2. */
  private void mergeInto(String table, String materialize, MergeKind kind) {
    MemoryStore.define(table, SCHEMA, new TableMetadata(List.of("id"), "id", IngestionType.CDC));
    MemoryStore.append(
        table,
        List.of(
            Map.of("id", 1L, "name", "a2"),
            Map.of("id", 2L, "name", "b2"),
            Map.of("id", 3L, "name", "c")));
    SparkSession spark = SharedSpark.session();
    String path = dir.resolve(table).toString();
    spark
        .createDataFrame(List.of(RowFactory.create(1L, "a"), RowFactory.create(2L, "b")), SCHEMA)
        .write()
        .format("delta")
        .save(path);
    DeltaSettings.with(
        spark,
        Map.of(DeltaSettings.MATERIALIZE_SOURCE, materialize),
        () -> {
          var merge =
              DeltaTable.forPath(spark, path).as("t").merge(source(table).as("s"), "t.id = s.id");
          if (kind == MergeKind.UPDATE_AND_INSERT) {
            merge = merge.whenMatched().updateAll();
          }
          merge.whenNotMatched().insertAll().execute();
        });

    assertThat(
            spark.read().format("delta").load(path).orderBy("id").collectAsList().stream()
                .map(Row::toString))
        .containsExactly(
            kind == MergeKind.UPDATE_AND_INSERT ? "[1,a2]" : "[1,a]",
            kind == MergeKind.UPDATE_AND_INSERT ? "[2,b2]" : "[2,b]",
            "[3,c]");
  }

  private static Dataset<Row> source(String table) {
    return SharedSpark.session()
        .read()
        .format(LakeflowSource.FORMAT)
        .option("connector", MemoryConnector.NAME)
        .option("token", MemoryConnector.TOKEN)
        .option("tableName", table)
        .load();
  }
}
