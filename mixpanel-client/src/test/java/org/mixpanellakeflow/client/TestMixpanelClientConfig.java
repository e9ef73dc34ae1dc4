package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestMixpanelClientConfig {

  private static final MixpanelCredentials SECRET = MixpanelCredentials.projectSecret("sekrit");
  private static final MixpanelCredentials ACCOUNT =
      MixpanelCredentials.serviceAccount("svc", "sekrit");

  @Test
  void appliesDefaults() {
    MixpanelClientConfig config = MixpanelClientConfig.builder().credentials(SECRET).build();

    assertThat(config.region()).isEqualTo(Region.US);
    assertThat(config.baseUriOverride()).isNull();
    assertThat(config.projectId()).isNull();
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.maxAttempts()).isEqualTo(6);
    assertThat(config.maxRetryWait()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.exportBaseUri()).isEqualTo(URI.create("https://data.mixpanel.com"));
    assertThat(config.queryBaseUri()).isEqualTo(URI.create("https://mixpanel.com"));
    assertThat(config.exportBudget()).isEqualTo(new RequestBudget(60, 3, 100));
    assertThat(config.queryBudget()).isEqualTo(new RequestBudget(60, 0, 5));
    assertThat(config.engagePagesCounted()).isFalse();
    assertThat(config.onMalformedLine()).isEqualTo(OnMalformedLine.FAIL);
    assertThat(config.extraCaCertificate()).isNull();
  }

  @Test
  void baseUriOverrideDefaultsToNoBudget() {
    MixpanelClientConfig config =
        MixpanelClientConfig.builder()
            .credentials(SECRET)
            .baseUriOverride(URI.create("http://127.0.0.1:9999"))
            .build();

    assertThat(config.exportBudget()).isEqualTo(RequestBudget.unlimited());
    assertThat(config.queryBudget()).isEqualTo(RequestBudget.unlimited());
  }

  @Test
  void rejectsNegativeBudget() {
    assertThatThrownBy(() -> new RequestBudget(60, -1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid request budget perSecond -1: expected 0 (no limit) or more");
  }

  @Test
  void rejectsZeroConnectTimeout() {
    assertThatThrownBy(
            () ->
                MixpanelClientConfig.builder()
                    .credentials(SECRET)
                    .connectTimeout(Duration.ofMillis(-5))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid connectTimeout PT-0.005S: expected a positive duration");
  }

  @Test
  void rejectsMissingMalformedLinePolicy() {
    assertThatThrownBy(
            () -> MixpanelClientConfig.builder().credentials(SECRET).onMalformedLine(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("onMalformedLine is null: use FAIL or SKIP");
  }

  @Test
  void mapsEverySetting() {
    MixpanelClientConfig config =
        MixpanelClientConfig.builder()
            .region(Region.EU)
            .baseUriOverride(URI.create("http://127.0.0.1:9999"))
            .credentials(ACCOUNT)
            .projectId(12345L)
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(30))
            .maxAttempts(2)
            .maxRetryWait(Duration.ofSeconds(20))
            .exportBudget(new RequestBudget(10, 1, 2))
            .queryBudget(new RequestBudget(20, 0, 1))
            .exportShare(new BudgetShare(1, 2, 5, java.util.List.of(7L)))
            .rateLimitTimeScale(60)
            .maxRateLimitWait(Duration.ofMinutes(30))
            .countEngagePagesHourly()
            .skipMalformedLines()
            .extraCaCertificate(Path.of("/etc/ca.pem"))
            .build();

    assertThat(config)
        .isEqualTo(
            new MixpanelClientConfig(
                Region.EU,
                URI.create("http://127.0.0.1:9999"),
                ACCOUNT,
                12345L,
                Duration.ofSeconds(3),
                Duration.ofSeconds(30),
                2,
                Duration.ofSeconds(20),
                new RequestBudget(10, 1, 2),
                new RequestBudget(20, 0, 1),
                new BudgetShare(1, 2, 5, java.util.List.of(7L)),
                BudgetShare.whole(),
                60,
                Duration.ofMinutes(30),
                true,
                OnMalformedLine.SKIP,
                Path.of("/etc/ca.pem")));
    assertThat(config.exportBaseUri()).isEqualTo(URI.create("http://127.0.0.1:9999"));
    assertThat(config.queryBaseUri()).isEqualTo(URI.create("http://127.0.0.1:9999"));
  }

  @Test
  void usesRegionHostsWithoutOverride() {
    MixpanelClientConfig config =
        MixpanelClientConfig.builder().region(Region.IN).credentials(SECRET).build();

    assertThat(config.exportBaseUri()).isEqualTo(URI.create("https://data-in.mixpanel.com"));
    assertThat(config.queryBaseUri()).isEqualTo(URI.create("https://in.mixpanel.com"));
  }

  @Test
  void rejectsServiceAccountWithoutProjectId() {
    assertThatThrownBy(() -> MixpanelClientConfig.builder().credentials(ACCOUNT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Missing option 'project_id': a service account needs the numeric project id"
                + " (Mixpanel: Settings > Project Settings); set 'project_id' or authenticate"
                + " with 'api_secret' instead");
  }

  @Test
  void rejectsNonPositiveProjectId() {
    assertThatThrownBy(
            () -> MixpanelClientConfig.builder().credentials(ACCOUNT).projectId(0L).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value for option 'project_id': '0' (expected a positive integer, the id"
                + " shown in Mixpanel's Project Settings)");
  }

  @Test
  void rejectsMissingCredentials() {
    assertThatThrownBy(() -> MixpanelClientConfig.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage(
            "credentials are null: set 'username' and 'secret' (service account) or"
                + " 'api_secret'");
  }

  @Test
  void rejectsBaseUriOverrideThatIsNotHttp() {
    assertThatThrownBy(
            () ->
                MixpanelClientConfig.builder()
                    .credentials(SECRET)
                    .baseUriOverride(URI.create("ftp://example.com"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid base URI override 'ftp://example.com': expected an absolute http or https URI"
                + " such as http://127.0.0.1:8080");
  }

  @Test
  void rejectsBaseUriOverrideCarryingUserInfo() {
    assertThatThrownBy(
            () ->
                MixpanelClientConfig.builder()
                    .credentials(SECRET)
                    .baseUriOverride(URI.create("http://user:pw@example.com"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid base URI override: it must not carry a query or user info; pass credentials"
                + " through 'username'/'secret' or 'api_secret'")
        .message()
        .doesNotContain("pw");
  }

  @Test
  void rejectsZeroAttempts() {
    assertThatThrownBy(
            () -> MixpanelClientConfig.builder().credentials(SECRET).maxAttempts(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid maxAttempts 0: expected at least 1 (1 means never retry)");
  }

  @Test
  void rejectsZeroReadTimeout() {
    assertThatThrownBy(
            () ->
                MixpanelClientConfig.builder()
                    .credentials(SECRET)
                    .readTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid readTimeout PT0S: expected a positive duration");
  }

  @Test
  void rejectsNegativeRetryWait() {
    assertThatThrownBy(
            () ->
                MixpanelClientConfig.builder()
                    .credentials(SECRET)
                    .maxRetryWait(Duration.ofSeconds(-1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid maxRetryWait PT-1S: expected zero (no retries) or more");
  }

  @Test
  void toStringHidesSecrets() {
    MixpanelClientConfig config =
        MixpanelClientConfig.builder().credentials(ACCOUNT).projectId(7L).build();

    assertThat(config.toString()).doesNotContain("sekrit").contains("secret=****");
  }
}
