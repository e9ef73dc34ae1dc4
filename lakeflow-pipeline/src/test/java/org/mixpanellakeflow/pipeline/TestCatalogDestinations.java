package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.CONNECTIONS;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.event;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.user;
import static org.mixpanellakeflow.pipeline.PipelineFixtures.with;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;

/**
 * Destinations named {@code catalog.schema.table}, landed through Spark's session catalog backed by
 * a real metastore: Hive support with an embedded Derby database, both in a temporary folder, as a
 * cluster's metastore would be. The metastore outlives the Spark session, so a second session (a
 * re-run on a cluster) finds the tables the first one created.
 *
 * <p>Spark runs one session's context per JVM and its catalog implementation is fixed at start, so
 * this class stops the shared in-memory session and runs its own; the next class gets a new shared
 * one.
 */
class TestCatalogDestinations {

  private static final String SCHEMA = "spark_catalog.mixpanel";

  @TempDir static Path metastore;
  @TempDir Path warehouse;

  private static SparkSession spark;

  @BeforeAll
  static void startHiveSession() {
    SharedSpark.stop();
    spark = hiveSession();
  }

  @AfterAll
  static void stopHiveSession() {
    spark.stop();
  }

  @Test
  void landsEveryTypeInTheCatalogLikeInFoldersAndAReRunInANewSessionResumes() throws IOException {
    PipelineFixtures.defineUsers("cat_users", IngestionType.CDC);
    MemoryStore.append(
        "cat_users",
        List.of(
            user("u1", "Ann", 1),
            user("u1", "Anna", 3),
            user("u2", "Bob", 2),
            user("u3", "Cy", 4)));
    StructType cohorts =
        new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType);
    MemoryStore.define(
        "cat_cohorts", cohorts, new TableMetadata(List.of("id"), null, IngestionType.SNAPSHOT));
    MemoryStore.replace("cat_cohorts", List.of(cohort(1, "a"), cohort(2, "b"), cohort(3, "c")));
    // without keys a snapshot replaces the table's rows
    MemoryStore.define(
        "cat_lists", cohorts, new TableMetadata(List.of(), null, IngestionType.SNAPSHOT));
    MemoryStore.replace("cat_lists", List.of(cohort(7, "x"), cohort(8, "y")));
    PipelineFixtures.defineEvents("cat_events");
    MemoryStore.append("cat_events", List.of(event("e1", 1), event("e2", 2), event("e3", 3)));
    // each source twice, to a folder and to the catalog: a mixed spec
    String users = "{\"cluster_by\": [\"$distinct_id\"]}";
    String usersHistory = "{\"scd_type\": \"SCD_TYPE_2\"}";
    List<String> objects = new ArrayList<>();
    for (boolean inCatalog : List.of(false, true)) {
      objects.add(object("cat_users", inCatalog, "users_scd1", users));
      objects.add(object("cat_users", inCatalog, "users_scd2", usersHistory));
      objects.add(object("cat_cohorts", inCatalog, "cohorts", "{}"));
      objects.add(object("cat_lists", inCatalog, "lists", "{}"));
      objects.add(object("cat_events", inCatalog, "events", "{}"));
    }
    PipelineSpec spec = spec(objects);

    List<TableRunSummary> first = runner().run(spec, CONNECTIONS).tables();

    assertThat(first)
        .extracting(TableRunSummary::destination)
        .containsExactly(
            "users_scd1",
            "users_scd2",
            "cohorts",
            "lists",
            "events",
            SCHEMA + ".users_scd1",
            SCHEMA + ".users_scd2",
            SCHEMA + ".cohorts",
            SCHEMA + ".lists",
            SCHEMA + ".events");
    assertThat(first)
        .extracting(s -> List.of(s.rowsRead(), s.batches(), s.rowsInTable()))
        .containsExactly(
            List.of(4L, 1L, 3L),
            List.of(4L, 1L, 4L),
            List.of(3L, 1L, 3L),
            List.of(2L, 1L, 2L),
            List.of(3L, 1L, 3L),
            List.of(4L, 1L, 3L),
            List.of(4L, 1L, 4L),
            List.of(3L, 1L, 3L),
            List.of(2L, 1L, 2L),
            List.of(3L, 1L, 3L));
    assertSameRows(
        "users_scd1", "[u1,Anna,[3,city-u1]]", "[u2,Bob,[2,city-u2]]", "[u3,Cy,[4,city-u3]]");
    assertSameRows(
        "users_scd2",
        "[u1,Ann,[1,city-u1],1,3]",
        "[u1,Anna,[3,city-u1],3,null]",
        "[u2,Bob,[2,city-u2],2,null]",
        "[u3,Cy,[4,city-u3],4,null]");
    assertSameRows("cohorts", "[1,a]", "[2,b]", "[3,c]");
    assertSameRows("lists", "[7,x]", "[8,y]");
    assertSameRows("events", "[e1,view,1]", "[e2,view,2]", "[e3,view,3]");
    Row detail = spark.sql("DESCRIBE DETAIL " + SCHEMA + ".users_scd1").first();
    assertThat(List.of(detail.getString(detail.fieldIndex("name")), detail.getString(0)))
        .containsExactly(SCHEMA + ".users_scd1", "delta");
    Row folderDetail =
        spark.sql("DESCRIBE DETAIL delta.`" + warehouse.resolve("users_scd1") + "`").first();
    assertThat(detail.<String>getList(detail.fieldIndex("clusteringColumns")))
        .isEqualTo(folderDetail.<String>getList(folderDetail.fieldIndex("clusteringColumns")))
        .containsExactly("`$distinct_id`");
    assertThat(detail.getString(detail.fieldIndex("location")))
        .startsWith("file:" + metastore.resolve("lakehouse/_spark_warehouse/mixpanel.db"));
    assertThat(list(warehouse))
        .containsExactly("_checkpoints", "cohorts", "events", "lists", "users_scd1", "users_scd2");
    assertThat(list(warehouse.resolve("_checkpoints")))
        .containsExactly(
            "events",
            SCHEMA + ".events",
            SCHEMA + ".users_scd1",
            SCHEMA + ".users_scd2",
            "users_scd1",
            "users_scd2");

    // a re-run on a cluster: a new session, whose catalog comes from the metastore alone
    spark.stop();
    spark = hiveSession();
    MemoryStore.append("cat_users", List.of(user("u3", "Cyd", 5), user("u4", "Di", 6)));
    MemoryStore.replace("cat_cohorts", List.of(cohort(1, "a2"), cohort(3, "c"), cohort(4, "d")));
    MemoryStore.replace("cat_lists", List.of(cohort(9, "z")));
    // the catalog events' only batch committed to Delta, then the run stopped before Spark did
    PipelineFixtures.forgetCommit(warehouse.resolve("_checkpoints/" + SCHEMA + ".events"), 0);
    long eventsVersion = version(SCHEMA + ".events");

    List<TableRunSummary> second = runner().run(spec, CONNECTIONS).tables();

    assertThat(second)
        .extracting(s -> List.of(s.rowsRead(), s.batches(), s.rowsInTable()))
        .containsExactly(
            List.of(2L, 1L, 4L),
            List.of(2L, 1L, 6L),
            List.of(3L, 1L, 3L),
            List.of(1L, 1L, 1L),
            List.of(0L, 0L, 3L),
            List.of(2L, 1L, 4L),
            List.of(2L, 1L, 6L),
            List.of(3L, 1L, 3L),
            List.of(1L, 1L, 1L),
            List.of(3L, 1L, 3L)); // the replayed batch is read and counted, not written
    assertThat(version(SCHEMA + ".events")).isEqualTo(eventsVersion);
    assertSameRows(
        "users_scd1",
        "[u1,Anna,[3,city-u1]]",
        "[u2,Bob,[2,city-u2]]",
        "[u3,Cyd,[5,city-u3]]",
        "[u4,Di,[6,city-u4]]");
    assertSameRows(
        "users_scd2",
        "[u1,Ann,[1,city-u1],1,3]",
        "[u1,Anna,[3,city-u1],3,null]",
        "[u2,Bob,[2,city-u2],2,null]",
        "[u3,Cy,[4,city-u3],4,5]",
        "[u3,Cyd,[5,city-u3],5,null]",
        "[u4,Di,[6,city-u4],6,null]");
    assertSameRows("cohorts", "[1,a2]", "[3,c]", "[4,d]");
    assertSameRows("lists", "[9,z]");
    assertSameRows("events", "[e1,view,1]", "[e2,view,2]", "[e3,view,3]");
  }

  @Test
  void refusesAnUnknownCatalogBeforeReadingOrCreatingAnything() {
    List<String> schemas = schemas();
    // neither source table exists: reading the connector's metadata would fail otherwise
    PipelineSpec spec =
        spec(
            List.of(
                object("cat_not_defined", false, "first", "{}"),
                "{\"table\": {\"source_table\": \"cat_not_defined_either\","
                    + " \"destination_catalog\": \"main\", \"destination_schema\":"
                    + " \"mixpanel_main\"}}"));

    assertThatThrownBy(() -> runner().run(spec, CONNECTIONS))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Destination 'main.mixpanel_main.cat_not_defined_either' of source table"
                + " 'cat_not_defined_either' is in catalog 'main', which this Spark session does"
                + " not know (it knows [spark_catalog]); on Databricks, name a Unity Catalog"
                + " catalog you have USE CATALOG on; elsewhere, use 'spark_catalog' (the session"
                + " catalog) or configure spark.sql.catalog.main; or leave out destination_catalog"
                + " and destination_schema to write a folder under the warehouse");
    assertThat(warehouse).isEmptyDirectory();
    assertThat(schemas()).isEqualTo(schemas);
  }

  @Test
  void refusesACatalogTableDroppedSinceTheLastRun() {
    PipelineFixtures.defineEvents("cat_dropped");
    MemoryStore.append("cat_dropped", List.of(event("e1", 1)));
    PipelineSpec spec = spec(List.of(object("cat_dropped", true, "dropped", "{}")));
    runner().run(spec, CONNECTIONS);
    spark.sql("DROP TABLE " + SCHEMA + ".dropped");

    assertThatThrownBy(() -> runner().run(spec, CONNECTIONS))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "The Delta table '"
                + SCHEMA
                + ".dropped' of source table 'cat_dropped' does not exist, but its streaming"
                + " checkpoint '"
                + warehouse.resolve("_checkpoints/" + SCHEMA + ".dropped")
                + "' does: the table was dropped or moved since the last run, and resuming would"
                + " leave out every row synced before; move the checkpoint folder aside to sync the"
                + " table again from the start, or put the table back");
    assertThat(spark.catalog().tableExists(SCHEMA + ".dropped")).isFalse();
  }

  @Test
  void backfillsANewKeyColumnOfACatalogTable() {
    PipelineFixtures.defineUsers("cat_rekeyed", IngestionType.CDC);
    MemoryStore.append("cat_rekeyed", List.of(user("u1", "Ann", 1), user("u2", "Bob", 2)));
    PipelineSpec spec = spec(List.of(object("cat_rekeyed", true, "rekeyed", "{}")));
    runner().run(spec, CONNECTIONS);
    MemoryStore.redefine(
        "cat_rekeyed",
        PipelineFixtures.USERS.add("home", DataTypes.StringType),
        new TableMetadata(
                List.of("$distinct_id", "home"), "$properties.$last_seen", IngestionType.CDC)
            .withKeyBackfills(Map.of("home", "`$properties`.`$city`")));
    MemoryStore.append("cat_rekeyed", List.of(with(user("u1", "Ann abroad", 4), "home", "paris")));

    runner().run(spec, CONNECTIONS);

    assertThat(catalogRows("rekeyed"))
        .containsExactly(
            "[u1,Ann abroad,[4,city-u1],paris]",
            "[u1,Ann,[1,city-u1],city-u1]",
            "[u2,Bob,[2,city-u2],city-u2]");
  }

  private PipelineRunner runner() {
    return new PipelineRunner(spark, warehouse.toString());
  }

  /** Spark with Hive support; the metastore, its Derby log and its tables stay in a temp folder. */
  private static SparkSession hiveSession() {
    System.setProperty("derby.stream.error.file", metastore.resolve("derby.log").toString());
    SparkSession session =
        Lakehouse.localSessionBuilder(metastore.resolve("lakehouse").toString())
            .enableHiveSupport()
            .config(
                "spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + metastore.resolve("metastore_db") + ";create=true")
            .config("spark.hadoop.hive.exec.scratchdir", metastore.resolve("scratch").toString())
            .config(
                "spark.hadoop.hive.exec.local.scratchdir",
                metastore.resolve("local-scratch").toString())
            .config(
                "spark.hadoop.hive.downloaded.resources.dir",
                metastore.resolve("resources").toString())
            .getOrCreate();
    session.conf().set("spark.sql.shuffle.partitions", "2");
    return session;
  }

  /** The folder table and the catalog table named {@code table} hold {@code expected}. */
  private void assertSameRows(String table, String... expected) {
    assertThat(catalogRows(table)).as(table + " in the catalog").containsExactly(expected);
    List<String> folder =
        spark
            .read()
            .format("delta")
            .load(warehouse.resolve(table).toString())
            .collectAsList()
            .stream()
            .map(Row::toString)
            .sorted()
            .toList();
    assertThat(folder).as(table + " in a folder").containsExactly(expected);
  }

  private static List<String> catalogRows(String table) {
    return spark.table(SCHEMA + "." + table).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }

  private static long version(String table) {
    return DeltaTable.forName(spark, table).history(1).select("version").first().getLong(0);
  }

  private static List<String> schemas() {
    return spark.sql("SHOW SCHEMAS").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static Map<String, Object> cohort(long id, String name) {
    Map<String, Object> cohort = new LinkedHashMap<>();
    cohort.put("id", id);
    cohort.put("name", name);
    return cohort;
  }

  /** One entry of {@code objects}: a folder, or {@code spark_catalog.mixpanel.<table>}. */
  private static String object(
      String source, boolean inCatalog, String table, String tableConfiguration) {
    return "{\"table\": {\"source_table\": \""
        + source
        + "\", "
        + (inCatalog
            ? "\"destination_catalog\": \"spark_catalog\", \"destination_schema\": \"mixpanel\", "
            : "")
        + "\"destination_table\": \""
        + table
        + "\", \"table_configuration\": "
        + tableConfiguration
        + "}}";
  }

  private static PipelineSpec spec(List<String> objects) {
    return PipelineSpec.parse(
        "{\"connection_name\": \"mem\", \"objects\": [" + String.join(", ", objects) + "]}");
  }
}
