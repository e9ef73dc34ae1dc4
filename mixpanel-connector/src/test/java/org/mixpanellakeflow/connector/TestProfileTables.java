package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connect.IngestionType;
import org.mixpanellakeflow.connect.TableMetadata;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/** {@code engage} and {@code cohort_members} against the emulator over real HTTP. */
class TestProfileTables {

  static final Instant NOW = Instant.parse("2024-05-10T15:30:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final long BIG_COHORT = 77;

  static final EmulatedProject PROJECT =
      EmulatedProject.builder(4242)
          .apiSecret("profiles-secret")
          .timezone(ZoneId.of("UTC"))
          .createdOn(LocalDate.of(2024, 1, 1))
          .eventsPerDay(5)
          .eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 9))
          .profileCount(3000)
          .cohort(BIG_COHORT, "Power users", 2500)
          .cohortCount(2)
          .build();

  static MixpanelEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(CLOCK).project(PROJECT).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void clearLog() {
    emulator.clearRequestLog();
  }

  static MixpanelConnector connector(String... extra) {
    Map<String, String> options = new HashMap<>();
    options.put("api_secret", "profiles-secret");
    options.put("project_timezone", "UTC");
    options.put("base_url", emulator.baseUri().toString());
    for (int i = 0; i < extra.length; i += 2) {
      options.put(extra[i], extra[i + 1]);
    }
    return new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), CLOCK);
  }

  @Test
  void engageMetadataAndSchema() {
    MixpanelConnector connector = connector();
    assertThat(connector.readTableMetadata("engage", Map.of())).isEqualTo(
        new TableMetadata(List.of("$distinct_id"), "$properties.$last_seen", IngestionType.CDC)
            .withUntrackedColumns(List.of("generated_timestamp")));
    assertThat(connector.getTableSchema("engage", Map.of()).fieldNames())
        .containsExactly("$distinct_id", "$properties", "generated_timestamp");
    assertThat(connector.readTableMetadata("cohort_members", Map.of())).isEqualTo(
        new TableMetadata(List.of("cohort_id", "distinct_id"), null, IngestionType.SNAPSHOT)
            .withUntrackedColumns(List.of("generated_timestamp")));
  }

  /**
   * {@code struct_and_variant} adds {@code $properties} as served beside the struct; {@code
   * variant} makes {@code $properties} that VARIANT and keeps the cursor typed beside it. The
   * records' VARIANT values are what engage served, and become the same VARIANT as its JSON.
   */
  @Test
  void engageInEachPropertiesFormat() throws Exception {
    Map<String, Map<String, Object>> served = new HashMap<>();
    for (Map<String, Object> profile : PROJECT.profiles()) {
      served.put((String) profile.get("$distinct_id"), profile);
    }
    MixpanelConnector both = connector("properties_format", "struct_and_variant");
    assertThat(both.getTableSchema("engage", Map.of()).fieldNames())
        .containsExactly("$distinct_id", "$properties", "generated_timestamp", "$properties_variant");
    assertThat(both.readTableMetadata("engage", Map.of()).cursorField()).isEqualTo("$properties.$last_seen");
    List<Map<String, Object>> withBoth =
        TestMixpanelConnectorContract.readToEnd(both, "engage", null, new ArrayList<>());
    assertThat(withBoth).hasSize(3000);

    MixpanelConnector only = connector("properties_format", "variant");
    assertThat(only.getTableSchema("engage", Map.of()).fieldNames())
        .containsExactly("$distinct_id", "$properties", "$last_seen", "generated_timestamp");
    assertThat(only.readTableMetadata("engage", Map.of()).cursorField()).isEqualTo("$last_seen");
    List<Map<String, Object>> withVariant =
        TestMixpanelConnectorContract.readToEnd(only, "engage", null, new ArrayList<>());
    assertThat(withVariant).hasSize(3000);

    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (int i = 0; i < 3000; i += 101) {
      Map<String, Object> record = withBoth.get(i);
      Object expected = served.get((String) record.get("$distinct_id")).get("$properties");
      assertThat(json.writeValueAsString(record.get("$properties_variant"))).isEqualTo(json.writeValueAsString(expected));
      @SuppressWarnings("unchecked")
      Map<String, Object> struct = (Map<String, Object>) record.get("$properties");
      Map<String, Object> variantRecord = withVariant.stream()
          .filter(r -> r.get("$distinct_id").equals(record.get("$distinct_id"))).findFirst().orElseThrow();
      assertThat(json.writeValueAsString(variantRecord.get("$properties"))).isEqualTo(json.writeValueAsString(expected));
      assertThat(variantRecord.get("$last_seen")).isNotNull().isEqualTo(struct.get("$last_seen"));
      byte[] bytes = json.writeValueAsBytes(expected);
      assertThat(org.mixpanellakeflow.connect.spark.VariantValues.of(variantRecord.get("$properties")))
          .isEqualTo(org.mixpanellakeflow.connect.spark.VariantValues.parse(bytes, 0, bytes.length));
    }
  }

  @Test
  void aProfileWhosePropertiesAreNoObjectKeepsThemInTheVariant() {
    Map<String, Object> profile = new HashMap<>();
    profile.put("$distinct_id", 42L);
    profile.put("$properties", List.of("odd"));
    Map<String, Object> record = ProfileRecords.toRecord(profile, 7L, PropertiesFormat.VARIANT);
    assertThat(record).containsEntry("$distinct_id", "42").containsEntry("$properties", List.of("odd"))
        .containsEntry("generated_timestamp", 7L);
    assertThat(record.get("$last_seen")).isNull();
    Map<String, Object> none = ProfileRecords.toRecord(Map.of("$distinct_id", "u"), 7L, PropertiesFormat.STRUCT_AND_VARIANT);
    assertThat(none.get("$properties_variant")).isNull();
    assertThat(none.get("$properties")).isEqualTo(Map.of("custom_properties", Map.of()));
  }

  @Test
  void firstEngageSyncReadsEveryProfileOnEveryPage() {
    List<Map<String, Object>> offsets = new ArrayList<>();
    List<Map<String, Object>> records =
        TestMixpanelConnectorContract.readToEnd(connector(), "engage", null, offsets);
    List<Map<String, Object>> expected = PROJECT.profiles();
    assertThat(records).hasSize(expected.size()).hasSize(3000);
    assertThat(ids(records, "$distinct_id")).hasSize(3000);
    assertThat(engagePages()).as("3000 profiles at 1000 a page").hasSize(3);
    assertThat(offsets).containsExactly(
        Map.of("version", 2L, "last_seen", "2024-05-10T15:30:00", "query_spent", ""));
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) records.get(0).get("$properties");
    assertThat(props).containsKey("$last_seen").containsKey("custom_properties");
  }

  @Test
  void laterEngageSyncsFilterOnLastSeenOnTheServerFromTheLookbackBeforeTheCursor() {
    // a cursor in the middle of the profiles' $last_seen values, and a lookback of 24 hours
    String cursor = PROJECT.profiles().stream().map(TestProfileTables::lastSeen).sorted().toList().get(1500);
    String since =
        java.time.LocalDateTime.parse(cursor).minusHours(24).format(EngageOffset.LAST_SEEN);
    Map<String, Object> start = Map.of("version", 2L, "last_seen", cursor);
    List<Map<String, Object>> records = TestMixpanelConnectorContract.readToEnd(
        connector("engage_lookback_hours", "24"), "engage", start, new ArrayList<>());
    long expected = PROJECT.profiles().stream().filter(p -> lastSeen(p).compareTo(since) >= 0).count();
    assertThat(records).hasSize((int) expected);
    assertThat(expected).isBetween(1000L, 1600L);
    assertThat(engagePages()).first().satisfies(request ->
        assertThat(request.param("where")).isEqualTo("properties[\"$last_seen\"] >= \"" + since + "\""));
  }

  @Test
  void engageFullRefreshReadsEveryProfileEveryTime() {
    Map<String, Object> start = Map.of("version", 1L, "last_seen", "2024-05-01T00:00:00");
    List<Map<String, Object>> records = TestMixpanelConnectorContract.readToEnd(
        connector("engage_full_refresh", "true"), "engage", start, new ArrayList<>());
    assertThat(records).hasSize(3000);
  }

  @Test
  void cohortOf2500MembersYields2500RowsIncludingMembersWithoutProfile() {
    List<Map<String, Object>> records =
        TestMixpanelConnectorContract.readToEnd(connector(), "cohort_members", null, new ArrayList<>());
    List<Map<String, Object>> big = records.stream()
        .filter(r -> r.get("cohort_id").equals(BIG_COHORT)).toList();
    assertThat(big).hasSize(2500);
    assertThat(ids(big, "distinct_id")).isEqualTo(new HashSet<>(PROJECT.cohortMembers(BIG_COHORT)));
    long total = 0;
    for (Map<String, Object> cohort : PROJECT.cohorts()) {
      total += PROJECT.cohortMembers(((Number) cohort.get("id")).longValue()).size();
    }
    assertThat(records).hasSize((int) total);
  }

  @Test
  void cohortMembersCanBeLimitedToMembersWithAProfile() {
    List<Map<String, Object>> records = TestMixpanelConnectorContract.readToEnd(
        connector("cohort_members_include_all_users", "false"), "cohort_members", null, new ArrayList<>());
    Set<String> withProfile = ids(PROJECT.profiles(), "$distinct_id");
    List<Map<String, Object>> big = records.stream()
        .filter(r -> r.get("cohort_id").equals(BIG_COHORT)).toList();
    assertThat(big).hasSizeLessThan(2500).isNotEmpty()
        .allSatisfy(r -> assertThat(withProfile).contains((String) r.get("distinct_id")));
  }

  static List<LoggedRequest> engagePages() {
    return emulator.requestLog().stream().filter(r -> r.path().contains("/engage")).toList();
  }

  static Set<String> ids(List<Map<String, Object>> records, String key) {
    Set<String> ids = new HashSet<>();
    records.forEach(r -> ids.add((String) r.get(key)));
    return ids;
  }

  @SuppressWarnings("unchecked")
  static String lastSeen(Map<String, Object> profile) {
    return (String) ((Map<String, Object>) profile.get("$properties")).get("$last_seen");
  }
}
