package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.array;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basicWithoutColon;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.TestExportEndpoint.assertError;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestEmulatorAuthentication {
  private static final String EXPORT = "/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01";
  private static final EmulatedProject SHOP = EmulatedProject.builder(4001)
      .apiSecret("shop-secret")
      .serviceAccount("shop.sa.mp-service-account", "shop-sa-secret")
      .serviceAccount("both.sa.mp-service-account", "both-sa-secret")
      .eventsPerDay(10)
      .build();
  private static final EmulatedProject BLOG = EmulatedProject.builder(4002)
      .apiSecret("blog-secret")
      .serviceAccount("both.sa.mp-service-account", "both-sa-secret")
      .eventsPerDay(20)
      .build();

  private static MixpanelEmulator emulator;
  private static EmulatorHttpClient http;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(SHOP).project(BLOG).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void servesAServiceAccountTheProjectItNames() {
    String auth = basic("both.sa.mp-service-account", "both-sa-secret");

    assertThat(lines(http.get(EXPORT + "&project_id=4001", auth).body())).hasSize(10);
    assertThat(lines(http.get(EXPORT + "&project_id=4002", auth).body())).hasSize(20);
  }

  @Test
  void acceptsPlainTextServiceAccountCredentials() {
    HttpResponse<String> response = http.get(EXPORT + "&project_id=4001", "Basic shop.sa.mp-service-account:shop-sa-secret");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(lines(response.body())).hasSize(10);
  }

  @Test
  void requiresProjectIdWithAServiceAccount() {
    assertError(http.get(EXPORT, basic("shop.sa.mp-service-account", "shop-sa-secret")), 400,
        "project_id is required when authenticating with a service account. Add ?project_id=<your project id>");
  }

  @Test
  void forbidsAServiceAccountAProjectItHasNoRoleIn() {
    HttpResponse<String> response = http.get(EXPORT + "&project_id=4002", basic("shop.sa.mp-service-account", "shop-sa-secret"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(object(response.body())).containsOnlyKeys("error").containsEntry("error",
        "Service account shop.sa.mp-service-account does not have access to project 4002."
            + " Grant it a role in that project or use a project it belongs to");
  }

  @Test
  void rejectsAProjectIdThatIsNotAnInteger() {
    assertError(http.get(EXPORT + "&project_id=shop", basic("shop.sa.mp-service-account", "shop-sa-secret")), 400,
        "Invalid project_id 'shop': expected a positive integer");
  }

  @Test
  void identifiesTheProjectFromItsSecretWithOrWithoutAColon() {
    assertThat(lines(http.get(EXPORT, basic("blog-secret", "")).body())).hasSize(20);
    assertThat(lines(http.get(EXPORT, basicWithoutColon("blog-secret")).body())).hasSize(20);
    assertThat(array(http.get("/api/2.0/cohorts/list", basicWithoutColon("shop-secret")).body()))
        .allSatisfy(cohort -> assertThat(cohort).containsEntry("project_id", 4001L));
  }

  @Test
  void checksAProjectIdSentWithAProjectSecret() {
    assertThat(http.get(EXPORT + "&project_id=4002", basic("blog-secret", "")).statusCode()).isEqualTo(200);

    HttpResponse<String> response = http.get(EXPORT + "&project_id=4001", basic("blog-secret", ""));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(object(response.body())).containsEntry("error",
        "The project secret does not belong to project_id 4001. Drop project_id or use that project's secret");
  }

  @Test
  void refusesBadCredentialsWithoutEchoingThem() {
    HttpResponse<String> wrongSecret = http.get(EXPORT, basic("not-the-secret-123", ""));
    HttpResponse<String> wrongAccountSecret =
        http.get(EXPORT + "&project_id=4001", basic("shop.sa.mp-service-account", "guessed-secret-456"));

    for (HttpResponse<String> response : List.of(wrongSecret, wrongAccountSecret)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(object(response.body())).containsOnlyKeys("error")
          .containsEntry("error", EmulatorAuthenticator.BAD_CREDENTIALS);
      assertThat(response.body()).doesNotContain("not-the-secret-123", "guessed-secret-456");
    }
  }

  @Test
  void refusesRequestsWithoutBasicCredentials() {
    HttpResponse<String> none = http.get(EXPORT, null);
    HttpResponse<String> bearer = http.get(EXPORT, "Bearer shop-secret");

    for (HttpResponse<String> response : List.of(none, bearer)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(object(response.body())).isEqualTo(Map.of("error", EmulatorAuthenticator.NO_CREDENTIALS));
    }
  }

  @Test
  void servesEachProjectItsOwnData() {
    String auth = basic("both.sa.mp-service-account", "both-sa-secret");

    assertThat(lines(http.get(EXPORT + "&project_id=4002&time_in_ms=true", auth).body()))
        .isEqualTo(BLOG.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 1), NOW));
  }
}
