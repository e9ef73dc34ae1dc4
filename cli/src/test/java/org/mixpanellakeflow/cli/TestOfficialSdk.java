package org.mixpanellakeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.cli.SdkPlan.date;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.connector.FixedClockConnectorFactory;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.EmulatorTls;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.pipeline.Lakehouse;

/**
 * Mixpanel's official Node SDK, unchanged, against the emulator over HTTPS (the SDK sends a
 * secret only over HTTPS): events by {@code track}, {@code track_batch}, {@code import} and {@code
 * import_batch} (historical times; secret and service-account auth), profiles by every {@code
 * people} operation. Every call the emulator accepts must be reported by the SDK as a success and
 * every refusal as an error; then the connector (Spark batch reads through {@code
 * format("lakeflow_connect")}, fixed-clock connector, VARIANT properties) must read back exactly
 * what the SDK sent. {@code -Dreliability.size=large} back-fills 2000 events instead of 60.
 */
class TestOfficialSdk {
  static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");
  static final String TOKEN = "sdk-e2e-token";
  static final String SECRET = "sdk-e2e-secret";
  static final String SA_USER = "sdk.e2e.sa";
  static final String SA_SECRET = "sdk-e2e-sa-secret";
  static final long PROJECT_ID = 6060;
  static final boolean LARGE = "large".equals(System.getProperty("reliability.size"));
  static final int BACKFILL = LARGE ? 2_000 : 60;
  static final String TOO_OLD_QUIET = "Mixpanel Server Error: 0";
  static final String TOO_OLD_VERBOSE = "Mixpanel Server Error: record 0: 'properties.time' is invalid:"
      + " /track accepts events of the last 5 days; send older ones to /import";
  static final String DENIED = "Mixpanel Server Error: Unable to authenticate request: invalid service account"
      + " or project secret";
  static final ObjectMapper JSON = new ObjectMapper();

  static MixpanelEmulator emulator;
  static SparkSession spark;
  static SdkPlan plan;
  static List<Map<String, Object>> results;
  static List<LoggedRequest> sdkRequests;
  static List<Row> eventRows;
  static List<Row> profileRows;
  @TempDir static Path dir;

  @BeforeAll
  static void runTheSdkThenReadThroughTheConnector() {
    EmulatedProject project = EmulatedProject.builder(PROJECT_ID).token(TOKEN).apiSecret(SECRET)
        .serviceAccount(SA_USER, SA_SECRET).timezone(ZoneOffset.UTC).eventsPerDay(0).profileCount(0)
        .cohortCount(0).build();
    EmulatorTls tls = EmulatorTls.generate(dir.resolve("tls"));
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).https(tls).project(project).start();
    OfficialNodeSdk sdk = OfficialNodeSdk.install(dir.resolve("node"));
    plan = scenario();
    results = sdk.run(plan.toJson("127.0.0.1", emulator.baseUri().getPort()), tls.certificatePath());
    sdkRequests = emulator.requestLog();

    spark = Lakehouse.localSession(dir.resolve("session").toString());
    spark.conf().set("spark.sql.shuffle.partitions", "2");
    Map<String, String> options = new HashMap<>();
    options.put("connector", FixedClockConnectorFactory.NAME);
    options.put(FixedClockConnectorFactory.FIXED_NOW, NOW.toString());
    options.put("api_secret", SECRET);
    options.put("base_url", emulator.baseUri().toString());
    options.put("ca_certificate", tls.certificatePath().toString());
    options.put("project_timezone", "UTC");
    options.put("start_date", "2024-05-20");
    options.put("properties_format", "variant");
    eventRows = spark.read().format("lakeflow_connect").options(options).option("tableName", "events").load()
        .selectExpr("event", "`$insert_id`", "time", "to_json(properties)").collectAsList();
    profileRows = spark.read().format("lakeflow_connect").options(options).option("tableName", "engage").load()
        .selectExpr("`$distinct_id`", "to_json(`$properties`)", "`$last_seen`").collectAsList();
  }

  @AfterAll
  static void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  /** What an application does with the SDK; see {@link #expectedProfiles} for what it leaves. */
  static SdkPlan scenario() {
    SdkPlan p = new SdkPlan()
        .client("quiet", Map.of("token", TOKEN, "verbose", false))
        .client("verbose", Map.of("token", TOKEN, "verbose", true))
        .client("secret", Map.of("token", TOKEN, "verbose", true, "secret", SECRET))
        .client("quietSecret", Map.of("token", TOKEN, "verbose", false, "secret", SECRET))
        .client("serviceAccount", Map.of("token", TOKEN, "verbose", false, "serviceAccount",
            Map.of("username", SA_USER, "secret", SA_SECRET, "projectId", Long.toString(PROJECT_ID))))
        .client("wrongSecret", Map.of("token", TOKEN, "verbose", true, "secret", "not-the-secret"));
    Map<String, Object> signedUp = new LinkedHashMap<>();
    signedUp.put("distinct_id", "user-1");
    signedUp.put("$insert_id", "track-1");
    signedUp.put("time", date(Instant.parse("2024-06-09T08:30:00.250Z")));
    signedUp.put("plan", "free");
    signedUp.put("count", 3);
    signedUp.put("ratio", 0.25);
    signedUp.put("beta", true);
    signedUp.put("tags", List.of("a", "b"));
    signedUp.put("nested", Map.of("k", "v", "n", 2));
    signedUp.put("greeting", "Grüße ☕");
    p.track("quiet", "Signed Up", signedUp);
    p.track("verbose", "App Opened", Map.of("distinct_id", "user-2"));
    List<Map<String, Object>> views = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      views.add(event("Viewed Page", Map.of("distinct_id", "user-1", "$insert_id", "view-" + i,
          "time", Instant.parse("2024-06-08T10:00:00Z").plusSeconds(i).toEpochMilli(), "page", "/p/" + i)));
    }
    p.batch("quiet", "track_batch", views, null);
    p.importEvent("secret", "Historical Purchase", Instant.parse("2024-05-25T10:00:00Z"),
        Map.of("distinct_id", "user-1", "$insert_id", "import-1", "amount", 19.99, "currency", "EUR"));
    p.importEvent("quietSecret", "Historical Login", Instant.parse("2024-05-24T07:15:00Z"),
        Map.of("distinct_id", "user-3"));
    List<Map<String, Object>> backfill = new ArrayList<>();
    long step = Duration.ofDays(7).toMillis() / BACKFILL;
    for (int i = 0; i < BACKFILL; i++) {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("distinct_id", "user-" + (i % 7));
      properties.put("time", Instant.parse("2024-05-20T00:00:00Z").toEpochMilli() + i * step);
      if (i % 2 == 0) {
        properties.put("$insert_id", "backfill-" + i);
      }
      properties.put("index", i);
      backfill.add(event("Backfilled", properties));
    }
    p.batch("serviceAccount", "import_batch", backfill, LARGE ? Map.of("max_concurrent_requests", 4) : null);
    p.batch("secret", "import_batch", List.of(
        event("Seconds Time", Map.of("distinct_id", "user-4", "$insert_id", "secs-1", "time", 1_716_800_000L))), null);
    // refused: too old for /track (both reply forms), a wrong secret on /import
    Map<String, Object> tooOld = Map.of("distinct_id", "user-9", "time", date(NOW.minus(Duration.ofDays(30))));
    p.call("quiet", "track", "Too Old", tooOld);
    p.call("verbose", "track", "Too Old", tooOld);
    p.call("wrongSecret", "import", "Denied", date(Instant.parse("2024-05-21T00:00:00Z")), Map.of("distinct_id", "user-9"));

    p.call("verbose", "people.set", "user-1",
        Map.of("$name", "Ada Lovelace", "$email", "ada@example.com", "plan", "free", "visits", 0, "temp", "x"));
    p.call("quiet", "people.set", "user-1", "plan", "pro");
    p.call("quiet", "people.set_once", "user-1", Map.of("first_source", "newsletter"));
    p.call("verbose", "people.set_once", "user-1", "first_source", "ads");
    p.call("verbose", "people.increment", "user-1", "visits");
    p.call("quiet", "people.increment", "user-1", Map.of("visits", 2, "credits", -5));
    p.call("quiet", "people.append", "user-1", "pages", "/home");
    p.call("verbose", "people.append", "user-1", Map.of("pages", "/pricing"));
    p.call("quiet", "people.union", "user-1", Map.of("tags", List.of("a", "b")));
    p.call("verbose", "people.union", "user-1", Map.of("tags", List.of("b", "c"), "devices", "ios"));
    p.call("quiet", "people.remove", "user-1", Map.of("tags", "a"));
    p.call("verbose", "people.unset", "user-1", "temp");
    p.call("quiet", "people.track_charge", "user-1", 19.99, Map.of("$time", date(Instant.parse("2024-06-01T10:00:00Z"))));
    p.call("quiet", "people.set", "user-1", Map.of("note", "quiet edit"), Map.of("$ignore_time", true));
    p.call("verbose", "people.set", "user-3", Map.of("$name", "Grace Hopper", "team", "navy"),
        Map.of("$time", date(Instant.parse("2024-06-08T09:00:00Z"))));
    p.call("quiet", "people.set", "user-3", Map.of("extra", 1), Map.of("$ignore_time", true));
    p.call("verbose", "people.set", "user-2", Map.of("$name", "Short-lived"));
    p.call("quiet", "people.delete_user", "user-2");
    return p;
  }

  /** The profiles the scenario leaves, worked out by hand from the calls above. */
  static Map<String, Map<String, Object>> expectedProfiles() throws IOException {
    return Map.of(
        "user-1", parse("{\"$name\": \"Ada Lovelace\", \"$email\": \"ada@example.com\", \"plan\": \"pro\","
            + " \"visits\": 3, \"credits\": -5, \"first_source\": \"newsletter\", \"pages\": [\"/home\", \"/pricing\"],"
            + " \"tags\": [\"b\", \"c\"], \"devices\": [\"ios\"],"
            + " \"$transactions\": [{\"$time\": \"2024-06-01T10:00:00.000Z\", \"$amount\": 19.99}],"
            + " \"note\": \"quiet edit\", \"$last_seen\": \"2024-06-10T12:00:00\"}"),
        "user-3", parse("{\"$name\": \"Grace Hopper\", \"team\": \"navy\", \"extra\": 1,"
            + " \"$last_seen\": \"2024-06-08T09:00:00\"}"));
  }

  @Test
  void reportsEveryAcceptedCallAsASuccessAndEveryRefusalAsAnError() {
    List<String> outcomes = results.stream().map(r -> r.get("client") + " " + r.get("call") + " " + r.get("errors"))
        .toList();
    List<String> expected = new ArrayList<>();
    for (SdkPlan.Step s : plan.steps()) {
      Object refused = s.args().get(0).equals("Too Old")
          ? List.of(s.client().equals("quiet") ? TOO_OLD_QUIET : TOO_OLD_VERBOSE)
          : s.client().equals("wrongSecret") ? List.of(DENIED) : List.of();
      expected.add(s.client() + " " + s.call() + " " + refused);
    }
    assertThat(outcomes).containsExactlyElementsOf(expected);
  }

  @Test
  void sendsMixpanelsLegacyFormAndGetsItsRepliesBack() {
    int importBatches = (BACKFILL + 49) / 50 + 1;
    // track: 2 accepted, 2 refused; track_batch: 1; import: 2 and a wrong secret; people: 18
    assertThat(sdkRequests).hasSize(4 + 1 + 3 + importBatches + 18);
    assertThat(sdkRequests).extracting(r -> r.method() + " " + r.path() + " " + r.status()).containsOnly(
        "GET /track 200", "POST /track 200", "GET /import 200", "GET /import 401", "POST /import 200",
        "GET /engage 200");
    assertThat(sdkRequests.stream().filter(r -> r.method().equals("POST") && r.path().equals("/import")))
        .hasSize(importBatches);
    assertThat(sdkRequests).allSatisfy(r -> {
      assertThat(r.param("ip")).isEqualTo("0");
      assertThat(r.param("verbose")).isIn("0", "1");
    });
    assertThat(sdkRequests.stream().filter(r -> r.path().equals("/import") && r.param("project_id") != null))
        .as("service-account imports name the project").hasSize(BACKFILL / 50 + (BACKFILL % 50 == 0 ? 0 : 1));
  }

  @Test
  void landsEveryEventWithExactlyThePropertiesTheSdkSent() throws IOException {
    Map<String, Map<String, Object>> landed = new TreeMap<>();
    for (Row row : eventRows) {
      Map<String, Object> properties = parse(row.getString(3));
      assertThat(properties).containsEntry("$insert_id", row.getString(1));
      assertThat(((Number) properties.get("time")).longValue()).isEqualTo(row.getLong(2));
      landed.put(key(row.getString(0), properties), properties);
    }
    Map<String, Map<String, Object>> expected = new TreeMap<>();
    for (SdkPlan.SentEvent sent : plan.accepted()) {
      Map<String, Object> properties = new LinkedHashMap<>(sent.properties());
      properties.remove("token");
      Object time = properties.getOrDefault("time", NOW.toEpochMilli());
      long ms = ((Number) time).longValue();
      properties.put("time", ms < 100_000_000_000L ? ms * 1000 : ms);
      if (sent.tagsLibrary()) {
        properties.put("mp_lib", "node");
        properties.put("$lib_version", OfficialNodeSdk.VERSION);
      }
      properties.put("$mp_api_endpoint", "api.mixpanel.com");
      properties.put("$mp_api_timestamp_ms", NOW.toEpochMilli());
      properties.put("mp_processing_time_ms", NOW.toEpochMilli());
      if (sent.imported()) {
        properties.put("$import", true);
      }
      String key = key(sent.name(), properties);
      if (!properties.containsKey("$insert_id") && landed.containsKey(key)) {
        // Mixpanel makes one up for events sent without; it is all the SDK did not send
        assertThat((String) landed.get(key).get("$insert_id")).matches("[A-Za-z0-9-]{1,36}");
        properties.put("$insert_id", landed.get(key).get("$insert_id"));
      }
      expected.put(key, parse(JSON.writeValueAsString(properties)));
    }
    assertThat(expected).hasSize(plan.accepted().size());
    assertThat(landed).isEqualTo(expected);
  }

  @Test
  void landsEveryProfileAsTheOperationsLeftIt() throws IOException {
    Map<String, Map<String, Object>> landed = new HashMap<>();
    for (Row row : profileRows) {
      Map<String, Object> properties = parse(row.getString(1));
      assertThat(properties).containsEntry("$last_seen", row.getString(2));
      landed.put(row.getString(0), properties);
    }
    assertThat(landed).isEqualTo(expectedProfiles());
  }

  private static String key(String event, Map<String, Object> properties) {
    return event + " " + properties.get("distinct_id") + " " + properties.get("time");
  }

  private static Map<String, Object> event(String name, Map<String, Object> properties) {
    return Map.of("event", name, "properties", properties);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) throws IOException {
    return JSON.readValue(json, Map.class);
  }
}
