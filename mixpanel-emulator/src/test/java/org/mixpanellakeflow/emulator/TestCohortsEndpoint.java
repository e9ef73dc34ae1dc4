package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.array;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.TestExportEndpoint.assertError;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestCohortsEndpoint {
  private static final String SA = basic("crm.sa.mp-service-account", "crm-sa-secret");
  private static final EmulatedProject CRM = EmulatedProject.builder(5001)
      .apiSecret("crm-secret")
      .serviceAccount("crm.sa.mp-service-account", "crm-sa-secret")
      .cohortCount(8)
      .build();
  private static final EmulatedProject EMPTY = EmulatedProject.builder(5002).apiSecret("empty-secret").cohortCount(0).build();

  private static MixpanelEmulator emulator;
  private static EmulatorHttpClient http;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(CRM).project(EMPTY).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void servesTheGroundTruthOnEveryPathAndMethod() {
    List<HttpResponse<String>> responses = List.of(
        http.get("/api/2.0/cohorts/list?project_id=5001", SA),
        http.get("/api/2.0/cohorts/list/?project_id=5001", SA),
        http.postForm("/api/2.0/cohorts/list?project_id=5001", SA, ""),
        http.postForm("/api/query/cohorts/list?project_id=5001", SA, ""),
        http.postForm("/api/query/cohorts/list/", SA, "project_id=5001"));

    assertThat(responses).allSatisfy(response -> {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(array(response.body())).isEqualTo(CRM.cohorts());
    });
  }

  @Test
  void servesABareArrayInMixpanelsShape() {
    List<Map<String, Object>> cohorts = array(http.get("/api/2.0/cohorts/list?project_id=5001", SA).body());

    assertThat(cohorts).hasSize(8).allSatisfy(cohort -> {
      assertThat(cohort).containsKeys("id", "name", "description", "count", "is_visible", "created", "project_id");
      assertThat(cohort.keySet()).isSubsetOf(
          "id", "name", "description", "count", "is_visible", "is_dynamic", "created", "project_id");
      assertThat(cohort.get("is_visible")).isIn(0L, 1L);
      assertThat((String) cohort.get("created")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
      assertThat(cohort.get("project_id")).isEqualTo(5001L);
    });
    assertThat(cohorts).extracting(c -> c.get("description")).contains("");
    assertThat(cohorts).extracting(c -> c.get("is_visible")).contains(0L, 1L);
    assertThat(cohorts).extracting(c -> c.get("id")).doesNotHaveDuplicates();
  }

  @Test
  void servesAnEmptyArrayForAProjectWithoutCohorts() {
    HttpResponse<String> response = http.postForm("/api/query/cohorts/list", basic("empty-secret", ""), "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("[]");
  }

  @Test
  void allowsOnlyPostOnTheDocumentedPath() {
    HttpResponse<String> response = http.get("/api/query/cohorts/list?project_id=5001", SA);

    assertError(response, 405, "GET is not allowed on /api/query/cohorts/list; use POST");
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void answersUnknownPathsWith404() {
    HttpResponse<String> response = http.send(
        http.request("/api/2.0/funnels?project_id=5001", SA).POST(HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(object(response.body()).get("error").toString())
        .startsWith("Unknown endpoint /api/2.0/funnels. The emulator serves /api/2.0/export, /api/2.0/cohorts/list,");
  }
}
