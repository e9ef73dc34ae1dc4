package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.array;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.TestEngageEndpoint.props;
import static org.mixpanellakeflow.emulator.TestEngageEndpoint.results;
import static org.mixpanellakeflow.emulator.TestExportEndpoint.assertError;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestCohortMembers {
  private static final String SA = basic("cohort.sa", "cohort-sa-secret");
  private static final String ENGAGE = "/api/query/engage?project_id=2101";

  private EmulatedProject project;
  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @BeforeEach
  void start() {
    project = EmulatedProject.builder(2101)
        .serviceAccount("cohort.sa", "cohort-sa-secret")
        .profileCount(3_000)
        .cohortCount(2)
        .cohort(5_000, "Big cohort", 2_500)
        .build();
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void servesEveryMemberIncludingThoseWithoutAProfileByDefault() {
    List<Map<String, Object>> served = allPages("filter_by_cohort=" + encode("{\"id\": 5000}"));

    List<String> members = project.cohortMembers(5_000);
    Set<String> profiled = profiledIds();
    assertThat(members).hasSize(2_500).doesNotHaveDuplicates();
    assertThat(served).extracting(p -> p.get("$distinct_id")).containsExactlyElementsOf(members);
    List<Map<String, Object>> withoutProfile = served.stream().filter(p -> !profiled.contains(p.get("$distinct_id"))).toList();
    assertThat(withoutProfile).hasSize(250).allSatisfy(p -> assertThat(props(p)).isEmpty());
  }

  @Test
  void servesOnlyMembersWithAProfileWhenIncludeAllUsersIsFalse() {
    List<Map<String, Object>> served =
        allPages("filter_by_cohort=" + encode("{\"id\":5000}") + "&include_all_users=false");

    Set<String> profiled = profiledIds();
    List<String> expected = project.cohortMembers(5_000).stream().filter(profiled::contains).toList();
    assertThat(served).extracting(p -> p.get("$distinct_id")).containsExactlyElementsOf(expected);
    assertThat(served).hasSize(2_250).allSatisfy(p -> assertThat(props(p)).containsKeys("$created", "$last_seen"));
  }

  @Test
  void acceptsTheShapesClientsSend() {
    List<String> members = project.cohortMembers(1_001);
    // Airbyte: POST on the legacy path, the filter as a JSON string inside a JSON body
    HttpResponse<String> airbyte = http.postJson("/api/2.0/engage?project_id=2101&page_size=1000", SA,
        "{\"filter_by_cohort\": \"{\\\"id\\\":1001}\"}");
    // Singer: GET with the filter in the query string
    HttpResponse<String> singer = http.get("/api/2.0/engage?project_id=2101&page_size=250&filter_by_cohort="
        + encode("{\"id\": 1001}"), SA);
    // a JSON object rather than a string
    HttpResponse<String> object = http.postJson(ENGAGE, SA, "{\"filter_by_cohort\": {\"id\": \"1001\"}}");

    assertThat(results(object(airbyte.body()))).extracting(p -> p.get("$distinct_id"))
        .containsExactlyElementsOf(members.subList(0, Math.min(1000, members.size())));
    assertThat(object(singer.body())).containsEntry("total", (long) members.size()).containsEntry("page_size", 250L);
    assertThat(object(object.body())).containsEntry("total", (long) members.size());
  }

  @Test
  void listsEachCohortWithItsMemberCount() {
    List<Map<String, Object>> listed = array(http.get("/api/2.0/cohorts/list?project_id=2101", SA).body());

    assertThat(listed).isEqualTo(project.cohorts()).hasSize(3);
    assertThat(listed).allSatisfy(c -> assertThat(c.get("count"))
        .isEqualTo((long) project.cohortMembers((Long) c.get("id")).size()));
    assertThat(listed.get(2)).containsEntry("id", 5000L).containsEntry("name", "Big cohort").containsEntry("count", 2500L);
  }

  @Test
  void dropsDeletedUsersFromLaterReadsButNotFromOpenSessions() {
    String member = project.cohortMembers(5_000).get(3);
    Map<String, Object> before = page("filter_by_cohort=" + encode("{\"id\":5000}"));

    emulator.deleteUser(2101, member);

    assertThat(project.cohortMembers(5_000)).hasSize(2_499).doesNotContain(member);
    assertThat(project.profiles()).extracting(p -> p.get("$distinct_id")).doesNotContain(member);
    Map<String, Object> after = page("filter_by_cohort=" + encode("{\"id\":5000}"));
    assertThat(after).containsEntry("total", 2499L);
    // the session opened before the deletion still serves what it found
    Map<String, Object> replay = page("filter_by_cohort=" + encode("{\"id\":5000}") + "&session_id=" + before.get("session_id"));
    assertThat(results(replay)).isEqualTo(results(before));
    assertThat(array(http.get("/api/2.0/cohorts/list?project_id=2101", SA).body()).get(2)).containsEntry("count", 2499L);
  }

  @Test
  void refusesAnUnknownCohort() {
    assertError(http.postForm(ENGAGE, SA, "filter_by_cohort=" + encode("{\"id\": 77}")), 400,
        "filter_by_cohort names cohort 77, which project 2101 does not have; list cohorts with cohorts/list");
    assertError(http.postForm(ENGAGE, SA, "filter_by_cohort=77"), 400,
        "Invalid filter_by_cohort '77': expected a JSON object like {\"id\": 1234}");
    assertThatThrownBy(() -> project.cohortMembers(77))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Project 2101 has no cohort 77; its cohorts are [1000, 1001, 5000]");
  }

  private List<Map<String, Object>> allPages(String form) {
    List<Map<String, Object>> all = new ArrayList<>();
    Map<String, Object> page = page(form);
    int number = 0;
    while (true) {
      all.addAll(results(page));
      if (results(page).size() < 1000) {
        return all;
      }
      number++;
      page = page(form + "&page=" + number + "&session_id=" + page.get("session_id"));
    }
  }

  private Map<String, Object> page(String form) {
    HttpResponse<String> response = http.postForm(ENGAGE, SA, form);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return object(response.body());
  }

  private Set<String> profiledIds() {
    return project.profiles().stream().map(p -> (String) p.get("$distinct_id")).collect(Collectors.toSet());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
