package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connect.LakeflowException;

class TestReservedTables {

  @Test
  void describesTablesInTheListedOrderWithTheirOwnOptions() {
    Dataset<Row> df =
        simple()
            .option("tableName", "_community_table_metadata")
            .option("tableNameList", "[\"snapshot\",\"changes\"]")
            .option("tableConfigs", "{\"changes\":{\"page_size\":\"5\"}}")
            .load();

    assertThat(df.schema().simpleString())
        .isEqualTo(
            "struct<tableName:string,primary_keys:array<string>,cursor_field:string,"
                + "ingestion_type:string,untracked_columns:array<string>,"
                + "key_backfills:map<string,string>,sequence_fixed_per_key:boolean,"
                + "read_metrics:map<string,string>>");
    assertThat(df.collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[snapshot,ArraySeq(key),null,snapshot,ArraySeq(),Map(),false,Map()]",
            "[changes,ArraySeq(id),updated_at,cdc_with_deletes,ArraySeq(),Map(),false,Map()]");
  }

  @Test
  void passesPerTableConfigsToTheConnector() {
    Dataset<Row> df =
        reader("memory")
            .option("tableName", "_community_table_metadata")
            .option("tableNameList", "[\"cdc\"]")
            .option("tableConfigs", "{\"cdc\":{\"primary_key\":\"name\"}}")
            .load();

    assertThat(df.collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[cdc,ArraySeq(name),updated_at,cdc,ArraySeq(read_at),Map(name -> concat('k-', id)),true,"
                + "Map(bytesServed -> bytes the memory connector made up,"
                + " recordsServed -> records the memory connector served)]");
  }

  @Test
  void describesEveryTableWhenNoListIsGiven() {
    Dataset<Row> df = simple().option("tableName", "_community_table_metadata").load();

    assertThat(df.collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly("snapshot", "changes");
  }

  @Test
  void listsTablesSortedWithAnEmptyNamespace() {
    Dataset<Row> df = simple().option("tableName", "_community_tables").load();

    assertThat(df.collectAsList())
        .extracting(Row::toString)
        .containsExactly("[ArraySeq(),changes]", "[ArraySeq(),snapshot]");
    assertThat(df.schema().simpleString())
        .isEqualTo("struct<namespace:array<string>,tableName:string>");
  }

  @Test
  void hasNoNamespaces() {
    Dataset<Row> df = simple().option("tableName", "_community_namespaces").load();

    assertThat(df.count()).isZero();
    assertThat(df.schema().simpleString()).isEqualTo("struct<namespace:array<string>>");
  }

  @Test
  void rejectsAnUnknownReservedName() {
    assertThatThrownBy(() -> simple().option("tableName", "_community_views").load())
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Unknown reserved table '_community_views': names starting with '_community_' are"
                + " reserved; the reserved tables are [_community_table_metadata,"
                + " _community_tables, _community_namespaces]");
  }

  @Test
  void rejectsMalformedTableNameList() {
    Dataset<Row> notJson =
        simple()
            .option("tableName", "_community_table_metadata")
            .option("tableNameList", "[snapshot")
            .load();
    Dataset<Row> notStrings =
        simple()
            .option("tableName", "_community_table_metadata")
            .option("tableNameList", "[1, 2]")
            .load();

    assertThatThrownBy(notJson::collectAsList)
        .isInstanceOf(LakeflowException.class)
        .hasMessage("Invalid value for option 'tableNameList': not valid JSON: [snapshot");
    assertThatThrownBy(notStrings::collectAsList)
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Invalid value for option 'tableNameList': expected a JSON list of strings but got:"
                + " [1, 2]");
  }

  @Test
  void rejectsMalformedTableConfigs() {
    Dataset<Row> df =
        simple()
            .option("tableName", "_community_table_metadata")
            .option("tableConfigs", "{\"changes\": \"page_size=5\"}")
            .load();

    assertThatThrownBy(df::collectAsList)
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Invalid value for option 'tableConfigs': expected a JSON object mapping table names"
                + " to objects of options but got: {\"changes\": \"page_size=5\"}");
  }

  @Test
  void rejectsADeleteFlowOnAReservedTable() {
    assertThatThrownBy(
            () ->
                simple()
                    .option("tableName", "_community_tables")
                    .option("isDeleteFlow", "true")
                    .load())
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Cannot read deletes of reserved table '_community_tables': drop option"
                + " 'isDeleteFlow'");
  }

  private static DataFrameReader simple() {
    return reader("memory_simple");
  }

  private static DataFrameReader reader(String connector) {
    return TestSpark.session()
        .read()
        .format("lakeflow_connect")
        .option("connector", connector)
        .option("dataset", "reserved-tables");
  }
}
