package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TestMixpanelCredentials {

  @Test
  void serviceAccountToStringHidesTheSecret() {
    MixpanelCredentials credentials =
        MixpanelCredentials.serviceAccount("reader.abc.mp-service-account", "s3cr3t-value");

    assertThat(credentials.toString())
        .isEqualTo("ServiceAccount[username=reader.abc.mp-service-account, secret=****]")
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void projectSecretToStringHidesTheSecret() {
    MixpanelCredentials credentials = MixpanelCredentials.projectSecret("project-secret-value");

    assertThat(credentials.toString()).isEqualTo("ProjectSecret[secret=****]");
  }

  @Test
  void serviceAccountSendsUserColonSecretAndNeedsProjectId() {
    MixpanelCredentials credentials = MixpanelCredentials.serviceAccount("user", "pass");

    assertThat(decoded(credentials.authorizationHeader())).isEqualTo("user:pass");
    assertThat(credentials.requiresProjectId()).isTrue();
  }

  @Test
  void projectSecretSendsSecretWithEmptyPassword() {
    MixpanelCredentials credentials = MixpanelCredentials.projectSecret("abc123");

    assertThat(decoded(credentials.authorizationHeader())).isEqualTo("abc123:");
    assertThat(credentials.requiresProjectId()).isFalse();
  }

  @Test
  void rejectsBlankSecretNamingTheOption() {
    assertThatThrownBy(() -> MixpanelCredentials.projectSecret("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid value for option 'api_secret': the project API secret is blank");
  }

  @Test
  void rejectsMissingUsernameNamingTheOption() {
    assertThatThrownBy(() -> MixpanelCredentials.serviceAccount(null, "pass"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("service account username is null: set option 'username'");
  }

  private static String decoded(String header) {
    assertThat(header).startsWith("Basic ");
    return new String(
        Base64.getDecoder().decode(header.substring("Basic ".length())), StandardCharsets.UTF_8);
  }
}
