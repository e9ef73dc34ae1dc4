package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connect.LakeflowException;

class TestLakeflowBatchRead {

  private final String dataset = UUID.randomUUID().toString();

  @Test
  void readsPartitionedTableWithNestedValues() {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 5));

    Dataset<Row> df =
        memory().option("tableName", "cdc").option("records_per_partition", "2").load();
    List<Row> rows = df.orderBy("id").collectAsList();

    assertThat(df.rdd().getNumPartitions()).isEqualTo(3);
    assertThat(df.schema()).isEqualTo(MemoryConnector.CDC_SCHEMA);
    assertThat(rows).extracting(r -> r.getLong(0)).containsExactly(0L, 1L, 2L, 3L, 4L);
    Row row = rows.get(2);
    assertThat(row.getString(1)).isEqualTo("user-2");
    assertThat(row.getLong(2)).isEqualTo(1002L);
    assertThat(row.getDouble(3)).isEqualTo(4.0);
    assertThat(row.getBoolean(4)).isTrue();
    assertThat(row.getInt(5)).isEqualTo(3);
    assertThat(row.getStruct(6).getString(0)).isEqualTo("Paris");
    assertThat(row.getStruct(6).getInt(1)).isEqualTo(75002);
    assertThat(row.getList(7)).containsExactly("a", "b2");
    assertThat(row.getJavaMap(8))
        .containsOnly(Map.entry("$screen_width", "1920"), Map.entry("plan", "pro"));
    assertThat(df.selectExpr("properties['plan']", "address.city").distinct().count()).isEqualTo(1);
  }

  @Test
  void readsSnapshotOnTheDriverWithoutPartitionedReads() {
    MemoryStore.append(
        dataset,
        SimpleConnector.SNAPSHOT,
        List.of(Map.of("key", "a", "value", 1L), Map.of("key", "b")));

    Dataset<Row> df = simple().option("tableName", "snapshot").load();

    assertThat(df.rdd().getNumPartitions()).isEqualTo(1);
    assertThat(df.orderBy("key").collectAsList())
        .extracting(Row::toString)
        .containsExactly("[a,1]", "[b,null]");
  }

  @Test
  void pagesThroughReadTableUntilTheOffsetStops() {
    MemoryStore.append(
        dataset,
        SimpleConnector.CHANGES,
        List.of(
            SimpleConnector.change(1),
            SimpleConnector.change(2),
            SimpleConnector.change(3),
            SimpleConnector.change(4),
            SimpleConnector.change(5)));

    Dataset<Row> df = simple().option("tableName", "changes").option("page_size", "2").load();

    assertThat(df.orderBy("id").collectAsList())
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void readsDeletionsForADeleteFlow() {
    MemoryStore.append(dataset, SimpleConnector.CHANGES, List.of(SimpleConnector.change(1)));
    MemoryStore.append(
        dataset, SimpleConnector.CHANGES_DELETES, List.of(Map.of("id", 7L, "updated_at", 900L)));

    Dataset<Row> df = simple().option("tableName", "changes").option("isDeleteFlow", "true").load();

    // 'value' is NOT NULL for rows, but deletions carry only key and cursor
    assertThat(df.schema().fields()).allMatch(StructField::nullable);
    assertThat(df.collectAsList()).extracting(Row::toString).containsExactly("[7,null,900]");
  }

  @Test
  void reportsConversionErrorsWithTheFieldPath() {
    Map<String, Object> bad = new HashMap<>(MemoryConnector.record(0));
    bad.put("address", Map.of("city", "Paris", "zip", "75001"));
    MemoryStore.append(dataset, MemoryConnector.CDC, List.of(bad));

    Dataset<Row> df = memory().option("tableName", "cdc").load();

    assertThatThrownBy(df::collectAsList)
        .rootCause()
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Cannot convert field 'address.zip' of table 'cdc': got a String value, expected INT"
                + " (expected a number)");
  }

  @Test
  void subclassedSourceUsesItsFixedConnector() {
    MemoryStore.append(dataset, MemoryConnector.CDC, MemoryConnector.records(0, 2));

    Dataset<Row> df =
        TestSpark.session()
            .read()
            .format("memory_fixed")
            .option("dataset", dataset)
            .option("tableName", "cdc")
            .load();

    assertThat(df.count()).isEqualTo(2);
  }

  @Test
  void requiresATableNameAndListsTheTables() {
    assertThatThrownBy(() -> memory().load())
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Missing option 'tableName': set it to the table to read; this connector serves [cdc]");
  }

  @Test
  void passesOnTheConnectorsErrorForAnUnknownTable() {
    assertThatThrownBy(() -> memory().option("tableName", "users").load())
        .isInstanceOf(LakeflowException.class)
        .hasMessage("Unknown table 'users' (this connector serves: cdc)");
  }

  @Test
  void asksWhichConnectorWhenSeveralAreAvailable() {
    assertThatThrownBy(
            () ->
                TestSpark.session()
                    .read()
                    .format("lakeflow_connect")
                    .option("tableName", "cdc")
                    .load())
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Several Lakeflow connectors are on the class path [memory, memory_simple]; choose"
                + " one with option 'connector'");
  }

  @Test
  void rejectsABadDeleteFlowValue() {
    assertThatThrownBy(() -> memory().option("tableName", "cdc").option("isDeleteFlow", "1").load())
        .isInstanceOf(LakeflowException.class)
        .hasMessage("Invalid value for option 'isDeleteFlow': '1' (expected true or false)");
  }

  private DataFrameReader memory() {
    return TestSpark.session()
        .read()
        .format("lakeflow_connect")
        .option("connector", "memory")
        .option("dataset", dataset);
  }

  private DataFrameReader simple() {
    return TestSpark.session()
        .read()
        .format("lakeflow_connect")
        .option("connector", "memory_simple")
        .option("dataset", dataset);
  }
}
