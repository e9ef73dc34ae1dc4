package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;

/**
 * {@code events} and {@code engage} land in Delta through the real pipeline (emulator on loopback,
 * the Spark source, {@link PipelineRunner}) in every properties format and every write mode (SCD
 * type 1 upsert, SCD type 2 history, the APPEND_ONLY change log): the VARIANTs read back hold what
 * the emulator served, numbers exactly; the typed columns are the same in every format; a later
 * run that re-reads merges into the same rows and adds no version; tables with a VARIANT carry
 * Delta's {@code variantType} feature. The emulator and the connector share a clock moved by hand.
 */
class TestPropertiesFormatInDelta {

  static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");
  static final LocalDate FIRST_DAY = LocalDate.of(2024, 6, 8);
  static final LocalDate TODAY = LocalDate.of(2024, 6, 10);
  static final String SECRET = "variant-secret";
  static final String TOKEN = "variant-token";
  static final EmulatedProject PROJECT =
      EmulatedProject.builder(9090).apiSecret(SECRET).token(TOKEN).timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(40)
          .eventDays(FIRST_DAY, TODAY.minusDays(1)).profileCount(40).build();
  /** Numbers at every edge of VARIANT, as an SDK sends them: JSON text. */
  static final String EDGE_EVENT =
      "{\"event\":\"Exact\",\"properties\":{\"time\":" + NOW.minus(Duration.ofHours(1)).toEpochMilli()
          + ",\"distinct_id\":\"edge-user\",\"$insert_id\":\"edge-1\",\"thousand\":1e3,"
          + "\"big\":123456789012345678901234567890,\"huge\":1234567890123456789012345678901234567890,"
          + "\"price\":-1.50,\"tiny\":1.5e-7,\"beyond\":1e-40,\"zero\":-0,"
          + "\"nested\":{\"b\":1,\"a\":[1,2,{\"c\":null}]},\"text\":\"東京 🚀\",\"none\":null,"
          + "\"$screen_width\":\"wide\"}}";
  static final String EDGE_PROFILE =
      "{\"$token\":\"" + TOKEN + "\",\"$distinct_id\":\"edge-user\",\"$set\":{\"score\":1e3,"
          + "\"ratio\":-1.50,\"big\":123456789012345678901234567890,\"nested\":{\"b\":1,\"a\":[1]}}}";
  static final List<String> EVENT_TABLES = List.of("events_upsert", "events_history", "events_log");
  static final List<String> ENGAGE_TABLES = List.of("engage_upsert", "engage_history", "engage_log");
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir static Path dir;
  static MutableClock clock;
  static MixpanelEmulator emulator;
  static SparkSession spark;
  static final Map<PropertiesFormat, PipelineResult> FIRST = new EnumMap<>(PropertiesFormat.class);
  static final Map<PropertiesFormat, PipelineResult> SECOND = new EnumMap<>(PropertiesFormat.class);
  /** Each table's VARIANTs (canonical JSON, sorted) and row count after the first run. */
  static final Map<String, List<String>> AFTER_FIRST = new LinkedHashMap<>();

  /** Every format lands all six tables at {@link #NOW}, then again three hours later. */
  @BeforeAll
  static void landEveryFormatTwice() throws Exception {
    clock = new MutableClock(NOW);
    emulator = MixpanelEmulator.builder().clock(clock).project(PROJECT).start();
    post("/import", "[" + EDGE_EVENT + "]", SECRET);
    post("/engage", EDGE_PROFILE, null);
    spark = SharedSpark.session();
    for (PropertiesFormat format : PropertiesFormat.values()) {
      FIRST.put(format, ingest(format));
      for (String table : tables()) {
        AFTER_FIRST.put(format + "/" + table, snapshot(format, table));
      }
    }
    clock.advance(Duration.ofHours(3));
    for (PropertiesFormat format : PropertiesFormat.values()) {
      SECOND.put(format, ingest(format));
    }
  }

  @AfterAll
  static void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @ParameterizedTest
  @EnumSource(value = PropertiesFormat.class, names = {"STRUCT_AND_VARIANT", "VARIANT"})
  void theVariantsHoldWhatTheEmulatorServed(PropertiesFormat format) throws Exception {
    List<String> events = new ArrayList<>();
    for (Map<String, Object> event : PROJECT.events(FIRST_DAY, TODAY, NOW)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> properties = (Map<String, Object>) event.get("properties");
      if (!"edge-1".equals(properties.get("$insert_id"))) {
        events.add(canonical(JSON.readTree(JSON.writeValueAsString(properties))));
      }
    }
    events.sort(null);
    assertThat(events).hasSize(80);
    List<String> profiles = new ArrayList<>();
    for (Map<String, Object> profile : PROJECT.profiles()) {
      if (!"edge-user".equals(profile.get("$distinct_id"))) {
        profiles.add(canonical(JSON.readTree(JSON.writeValueAsString(profile.get("$properties")))));
      }
    }
    profiles.sort(null);
    assertThat(profiles).hasSize(40);

    for (String table : EVENT_TABLES) {
      assertThat(withoutEdge(format, table, "`$insert_id` = 'edge-1'")).as(table).isEqualTo(events);
      assertThat(FIRST.get(format).table(table).rowsRead()).as(table).isEqualTo(81);
    }
    for (String table : ENGAGE_TABLES) {
      assertThat(withoutEdge(format, table, "`$distinct_id` = 'edge-user'")).as(table).isEqualTo(profiles);
      assertThat(FIRST.get(format).table(table).rowsRead()).as(table).isEqualTo(41);
    }
  }

  /** Each number as its value; what no VARIANT number holds, as the text sent. */
  @ParameterizedTest
  @EnumSource(value = PropertiesFormat.class, names = {"STRUCT_AND_VARIANT", "VARIANT"})
  void keepsEveryNumberExactly(PropertiesFormat format) {
    String column = variantColumn(format, "events");
    for (String table : EVENT_TABLES) {
      Row edge = table(format, table).where("`$insert_id` = 'edge-1'").selectExpr(
              "to_json(" + column + ")",
              "variant_get(" + column + ", '$.price', 'decimal(3,2)')",
              "variant_get(" + column + ", '$.big', 'decimal(38,0)')",
              "variant_get(" + column + ", '$.tiny', 'decimal(10,8)')",
              "variant_get(" + column + ", '$.thousand', 'int')",
              "variant_get(" + column + ", '$.huge', 'string')",
              "variant_get(" + column + ", '$.zero', 'double')",
              "variant_get(" + column + ", '$.nested.a[2].c', 'string')",
              "variant_get(" + column + ", '$.text', 'string')")
          .collectAsList().get(0);
      assertThat(edge.getString(0)).as(table).contains("\"thousand\":1000",
          "\"big\":123456789012345678901234567890", "\"huge\":\"1234567890123456789012345678901234567890\"",
          "\"price\":-1.5", "\"tiny\":0.00000015", "\"beyond\":\"1e-40\"", "\"zero\":-0.0",
          "\"nested\":{\"a\":[1,2,{\"c\":null}],\"b\":1}", "\"text\":\"東京 🚀\"", "\"none\":null",
          "\"$screen_width\":\"wide\"", "\"$insert_id\":\"edge-1\"");
      assertThat(edge.getDecimal(1)).isEqualTo(new BigDecimal("-1.50"));
      assertThat(edge.getDecimal(2)).isEqualTo(new BigDecimal("123456789012345678901234567890"));
      assertThat(edge.getDecimal(3)).isEqualTo(new BigDecimal("0.00000015"));
      assertThat(edge.getInt(4)).isEqualTo(1000);
      assertThat(edge.getString(5)).isEqualTo("1234567890123456789012345678901234567890");
      assertThat(Double.doubleToRawLongBits(edge.getDouble(6))).isEqualTo(Double.doubleToRawLongBits(-0.0));
      assertThat(edge.isNullAt(7)).isTrue();
      assertThat(edge.getString(8)).isEqualTo("東京 🚀");
    }
    String profileColumn = variantColumn(format, "engage");
    for (String table : ENGAGE_TABLES) {
      String json = table(format, table).where("`$distinct_id` = 'edge-user'")
          .selectExpr("to_json(" + profileColumn + ")").collectAsList().get(0).getString(0);
      assertThat(json).as(table).contains("\"score\":1000", "\"ratio\":-1.5",
          "\"big\":123456789012345678901234567890", "\"nested\":{\"a\":[1],\"b\":1}");
    }
  }

  /** The typed columns, the key and the cursor are the same whatever the format. */
  @Test
  void typedColumnsAreTheSameInEveryFormat() {
    for (String table : EVENT_TABLES) {
      List<String> struct = sorted(table(PropertiesFormat.STRUCT, table)
          .selectExpr("concat_ws('|', event_key, event, `$insert_id`, to_json(properties))"));
      assertThat(struct).hasSize(81);
      assertThat(sorted(table(PropertiesFormat.STRUCT_AND_VARIANT, table)
          .selectExpr("concat_ws('|', event_key, event, `$insert_id`, to_json(properties))")))
          .as(table).isEqualTo(struct);
      assertThat(sorted(table(PropertiesFormat.VARIANT, table)
          .selectExpr("concat_ws('|', event_key, event, `$insert_id`, cast(time as string))")))
          .as(table).isEqualTo(sorted(table(PropertiesFormat.STRUCT, table)
              .selectExpr("concat_ws('|', event_key, event, `$insert_id`, cast(properties.time as string))")));
    }
    for (String table : ENGAGE_TABLES) {
      List<String> struct = sorted(table(PropertiesFormat.STRUCT, table)
          .selectExpr("concat_ws('|', `$distinct_id`, to_json(`$properties`))"));
      assertThat(struct).hasSize(41);
      assertThat(sorted(table(PropertiesFormat.STRUCT_AND_VARIANT, table)
          .selectExpr("concat_ws('|', `$distinct_id`, to_json(`$properties`))"))).as(table).isEqualTo(struct);
      assertThat(sorted(table(PropertiesFormat.VARIANT, table)
          .selectExpr("concat_ws('|', `$distinct_id`, `$last_seen`)")))
          .as(table).isEqualTo(sorted(table(PropertiesFormat.STRUCT, table)
              .selectExpr("concat_ws('|', `$distinct_id`, `$properties`.`$last_seen`)")));
    }
  }

  /** The second run re-reads (the events catch-up, the engage lookback) and changes nothing. */
  @ParameterizedTest
  @EnumSource(PropertiesFormat.class)
  void aLaterRunThatReReadsAddsNothing(PropertiesFormat format) {
    for (String table : tables()) {
      assertThat(SECOND.get(format).table(table).rowsRead()).as("%s re-read", table).isPositive();
      assertThat(snapshot(format, table)).as(table).isEqualTo(AFTER_FIRST.get(format + "/" + table));
    }
    for (String table : List.of("events_history", "engage_history")) {
      assertThat(table(format, table).where("__END_AT IS NOT NULL").count()).as(table).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(PropertiesFormat.class)
  void tablesWithAVariantCarryTheVariantTypeFeature(PropertiesFormat format) {
    for (String table : tables()) {
      Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path(format, table) + "`")
          .select("tableFeatures", "minReaderVersion", "minWriterVersion").first();
      List<String> features = detail.getList(0);
      if (format.hasVariant()) {
        assertThat(features).as(table).contains("variantType");
        assertThat(detail.getInt(1)).isEqualTo(3);
        assertThat(detail.getInt(2)).isEqualTo(7);
      } else {
        assertThat(features).as(table).doesNotContain("variantType");
      }
    }
  }

  private static List<String> tables() {
    List<String> tables = new ArrayList<>(EVENT_TABLES);
    tables.addAll(ENGAGE_TABLES);
    return tables;
  }

  /**
   * One pipeline spec per format, each source table into three destinations. {@code struct} sets
   * nothing (the default), {@code struct_and_variant} is a connection option, {@code variant} a
   * table option of every entry.
   */
  private static PipelineResult ingest(PropertiesFormat format) throws Exception {
    String tableOption = format == PropertiesFormat.VARIANT ? ", \"properties_format\": \"variant\"" : "";
    List<String> objects = new ArrayList<>();
    for (String source : List.of("events", "engage")) {
      for (String mode : List.of("upsert:SCD_TYPE_1", "history:SCD_TYPE_2", "log:APPEND_ONLY")) {
        String[] parts = mode.split(":");
        objects.add("{\"table\": {\"source_table\": \"" + source + "\", \"destination_table\": \""
            + source + "_" + parts[0] + "\", \"table_configuration\": {\"scd_type\": \"" + parts[1] + "\""
            + tableOption + "}}}");
      }
    }
    PipelineSpec spec = PipelineSpec.parse(
        "{\"connection_name\": \"mp\", \"objects\": [" + String.join(", ", objects) + "]}");
    ObjectNode root = JSON.createObjectNode();
    ObjectNode connection = root.putObject("connections").putObject("mp");
    connection.put("connector", FixedClockConnectorFactory.NAME);
    ObjectNode options = connection.putObject("options");
    options.put("api_secret", SECRET);
    options.put("project_timezone", "UTC");
    options.put("historical_days", "2");
    options.put("export_window_days", "1");
    options.put("base_url", emulator.baseUri().toString());
    options.put(FixedClockConnectorFactory.FIXED_NOW, clock.instant().toString());
    if (format == PropertiesFormat.STRUCT_AND_VARIANT) {
      options.put("properties_format", format.optionValue());
    }
    return new PipelineRunner(spark, warehouse(format))
        .run(spec, Connections.parse(JSON.writeValueAsString(root), Map.of()));
  }

  private static String warehouse(PropertiesFormat format) {
    return dir.resolve(format.optionValue()).toString();
  }

  private static String path(PropertiesFormat format, String table) {
    return new PipelineRunner(spark, warehouse(format)).tablePath(table);
  }

  private static Dataset<Row> table(PropertiesFormat format, String table) {
    return spark.read().format("delta").load(path(format, table));
  }

  private static String variantColumn(PropertiesFormat format, String source) {
    if (source.equals("events")) {
      return format.hasStruct() ? MixpanelSchemas.EVENT_PROPERTIES_VARIANT : "properties";
    }
    return format.hasStruct() ? "`" + MixpanelSchemas.ENGAGE_PROPERTIES_VARIANT + "`" : "`$properties`";
  }

  /** A table's rows: its VARIANT as canonical JSON if it has one, else the whole row; sorted. */
  private static List<String> snapshot(PropertiesFormat format, String table) {
    Dataset<Row> rows = table(format, table).drop("generated_timestamp");
    String source = table.startsWith("events") ? "events" : "engage";
    String variant = format.hasVariant() ? ", to_json(" + variantColumn(format, source) + ")" : "";
    return sorted(rows.selectExpr("concat_ws('|', to_json(struct(*))" + variant + ")"));
  }

  /** The VARIANTs of a table, as canonical JSON, sorted, leaving out the edge rows. */
  private static List<String> withoutEdge(PropertiesFormat format, String table, String edge)
      throws Exception {
    String source = table.startsWith("events") ? "events" : "engage";
    List<String> values = new ArrayList<>();
    for (String json : sorted(table(format, table).where("NOT (" + edge + ")")
        .selectExpr("to_json(" + variantColumn(format, source) + ")"))) {
      values.add(canonical(JSON.readTree(json)));
    }
    values.sort(null);
    return values;
  }

  private static List<String> sorted(Dataset<Row> oneColumn) {
    return oneColumn.collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  /** JSON with object keys sorted and numbers by value ({@code 45.0} and {@code 45} alike). */
  static String canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, String> fields = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        fields.put(field.getKey(), canonical(field.getValue()));
      }
      return fields.toString();
    }
    if (node.isArray()) {
      List<String> elements = new ArrayList<>();
      node.forEach(element -> elements.add(canonical(element)));
      return elements.toString();
    }
    if (node.isNumber()) {
      return "#" + node.decimalValue().stripTrailingZeros().toPlainString();
    }
    return node.toString();
  }

  private static void post(String path, String body, String secret) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.baseUri() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secret != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((secret + ":").getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
