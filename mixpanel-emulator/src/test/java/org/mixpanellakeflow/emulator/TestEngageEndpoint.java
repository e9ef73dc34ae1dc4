package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.TestExportEndpoint.assertError;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestEngageEndpoint {
  private static final String SA = basic("engage.sa", "engage-sa-secret");
  private static final EmulatedProject PROJECT = EmulatedProject.builder(2001)
      .serviceAccount("engage.sa", "engage-sa-secret")
      .profileCount(2_500)
      .eventDays(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 6, 10))
      .build();

  private static MixpanelEmulator emulator;
  private static EmulatorHttpClient http;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(PROJECT).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void pagesThroughEveryProfileWithAStableSession() {
    Map<String, Object> first = engage("page=0");
    String session = (String) first.get("session_id");
    Map<String, Object> second = engage("page=1&session_id=" + session);
    Map<String, Object> third = engage("page=2&session_id=" + session);
    Map<String, Object> beyond = engage("page=3&session_id=" + session);

    assertThat(first).containsEntry("page", 0L).containsEntry("page_size", 1000L).containsEntry("status", "ok")
        .containsEntry("total", 2500L);
    assertThat(second).containsEntry("session_id", session).doesNotContainKey("total");
    assertThat(results(first)).hasSize(1000);
    assertThat(results(third)).hasSize(500);
    assertThat(results(beyond)).isEmpty();
    List<Map<String, Object>> all = new ArrayList<>(results(first));
    all.addAll(results(second));
    all.addAll(results(third));
    assertThat(all).isEqualTo(PROJECT.profiles());
  }

  @Test
  void servesPagesInAnyOrderFromTheSameSession() {
    String session = (String) engage("page=0&page_size=700").get("session_id");

    List<Map<String, Object>> later = results(engage("page=3&page_size=700&session_id=" + session));
    List<Map<String, Object>> earlier = results(engage("page=1&page_size=700&session_id=" + session));

    assertThat(earlier).isEqualTo(PROJECT.profiles().subList(700, 1400));
    assertThat(later).isEqualTo(PROJECT.profiles().subList(2100, 2500));
  }

  @Test
  void acceptsEveryPathMethodAndParameterEncoding() {
    String where = URLEncoder.encode("properties[\"plan\"] == \"growth\"", StandardCharsets.UTF_8);
    Object expected = results(engage("where=" + where));

    assertThat(results(object(http.get("/api/2.0/engage?project_id=2001&where=" + where, SA).body()))).isEqualTo(expected);
    assertThat(results(object(http.postForm("/api/query/engage/?project_id=2001", SA, "where=" + where).body())))
        .isEqualTo(expected);
    assertThat(results(object(http.postJson("/api/2.0/engage?project_id=2001", SA,
        "{\"where\": \"properties[\\\"plan\\\"] == \\\"growth\\\"\", \"page\": 0}").body()))).isEqualTo(expected)
        .isNotEmpty();
  }

  @Test
  void honoursARequestedPageSizeUpToTheCap() {
    assertThat(engage("page_size=300")).containsEntry("page_size", 300L);
    assertThat(results(engage("page_size=300"))).hasSize(300);
    Map<String, Object> capped = engage("page_size=40000");
    assertThat(capped).containsEntry("page_size", 10000L).containsEntry("total", 2500L);
    assertThat(results(capped)).hasSize(2500);
    assertError(http.postForm("/api/query/engage?project_id=2001", SA, "page_size=0"), 400,
        "Invalid page_size '0': expected a whole number of at least 1");
  }

  @Test
  void filtersOnLastSeenAsTextAndAsDatetime() {
    String text = URLEncoder.encode("properties[\"$last_seen\"] >= \"2024-05-20T00:00:00\"", StandardCharsets.UTF_8);
    // the project timezone is US/Pacific: 2024-05-19T17:00:00 there is 2024-05-20T00:00:00 UTC
    String datetime = URLEncoder.encode("properties[\"$last_seen\"] >= datetime(\"2024-05-19T17:00:00\")",
        StandardCharsets.UTF_8);
    List<Map<String, Object>> expected = PROJECT.profiles().stream()
        .filter(p -> ((String) props(p).get("$last_seen")).compareTo("2024-05-20T00:00:00") >= 0)
        .toList();

    Map<String, Object> byText = engage("page_size=5000&where=" + text);
    Map<String, Object> byDatetime = engage("page_size=5000&where=" + datetime);

    assertThat(expected).isNotEmpty().hasSizeLessThan(2500);
    assertThat(results(byText)).isEqualTo(expected);
    assertThat(results(byDatetime)).isEqualTo(expected);
    assertThat(byText).containsEntry("total", (long) expected.size());
  }

  @Test
  void returnsOnlyTheRequestedOutputPropertiesAndProfiles() {
    String ids = URLEncoder.encode("[\"" + id(5) + "\", \"" + id(9) + "\", \"nobody\"]", StandardCharsets.UTF_8);
    String output = URLEncoder.encode("[\"$email\", \"$last_seen\", \"missing\"]", StandardCharsets.UTF_8);

    List<Map<String, Object>> served = results(engage("distinct_ids=" + ids + "&output_properties=" + output));
    List<Map<String, Object>> one = results(engage("distinct_id=" + URLEncoder.encode(id(7), StandardCharsets.UTF_8)));

    assertThat(served).extracting(p -> p.get("$distinct_id")).containsExactly(id(5), id(9));
    assertThat(served).allSatisfy(p -> assertThat(props(p).keySet()).isSubsetOf("$email", "$last_seen").contains("$last_seen"));
    assertThat(one).containsExactly(PROJECT.profiles().get(7));
  }

  @Test
  void refusesPagesWithoutAValidSession() {
    assertError(http.postForm("/api/query/engage?project_id=2001", SA, "page=1"), 400,
        "session_id is required when page > 0; pass the session_id returned with page 0");
    assertError(http.postForm("/api/query/engage?project_id=2001", SA, "page=1&session_id=123-abc"), 400,
        "Unknown or expired session_id '123-abc'; start again from page 0 without a session_id");
    String session = (String) engage("page=0").get("session_id");
    assertError(http.postForm("/api/query/engage?project_id=2001", SA, "page=1&page_size=10&session_id=" + session), 400,
        "The query differs from the one that opened session " + session + "; keep where, filter_by_cohort,"
            + " include_all_users, distinct_id(s) and page_size the same on every page");
    assertError(http.postForm("/api/query/engage?project_id=2001", SA, "data_group_id=company"), 400,
        "The emulator has no group profiles; drop data_group_id to query user profiles");
  }

  private static Map<String, Object> engage(String form) {
    HttpResponse<String> response = http.postForm("/api/query/engage?project_id=2001", SA, form);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return object(response.body());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> results(Map<String, Object> page) {
    return (List<Map<String, Object>>) page.get("results");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> props(Map<String, Object> profile) {
    return (Map<String, Object>) profile.get("$properties");
  }

  private static String id(int index) {
    return (String) PROJECT.profiles().get(index).get("$distinct_id");
  }
}
