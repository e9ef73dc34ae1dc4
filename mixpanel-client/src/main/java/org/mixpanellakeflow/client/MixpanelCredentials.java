package org.mixpanellakeflow.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How the client authenticates: a service account (recommended; needs a project id) or a project
 * API secret (deprecated by Mixpanel; identifies the project by itself). {@code toString} never
 * shows a secret.
 */
public sealed interface MixpanelCredentials {

  static MixpanelCredentials serviceAccount(String username, String secret) {
    return new ServiceAccount(username, secret);
  }

  static MixpanelCredentials projectSecret(String secret) {
    return new ProjectSecret(secret);
  }

  /** Whether calls must carry {@code project_id}: only service accounts need it. */
  boolean requiresProjectId();

  /** The value of the HTTP {@code Authorization} header; never log it. */
  String authorizationHeader();

  /** The secret, so that error messages echoed by the server can be scrubbed of it. */
  String secret();

  /** A Mixpanel service account: Basic auth with {@code username:secret}. */
  record ServiceAccount(String username, String secret) implements MixpanelCredentials {
    public ServiceAccount {
      requireText(username, "service account username", "username");
      requireText(secret, "service account secret", "secret");
    }

    @Override
    public boolean requiresProjectId() {
      return true;
    }

    @Override
    public String authorizationHeader() {
      return basic(username + ":" + secret);
    }

    @Override
    public String toString() {
      return "ServiceAccount[username=" + username + ", secret=****]";
    }
  }

  /** A project API secret: Basic auth with {@code secret:} (empty password). */
  record ProjectSecret(String secret) implements MixpanelCredentials {
    public ProjectSecret {
      requireText(secret, "project API secret", "api_secret");
    }

    @Override
    public boolean requiresProjectId() {
      return false;
    }

    @Override
    public String authorizationHeader() {
      return basic(secret + ":");
    }

    @Override
    public String toString() {
      return "ProjectSecret[secret=****]";
    }
  }

  private static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static void requireText(String value, String what, String option) {
    Objects.requireNonNull(value, () -> what + " is null: set option '" + option + "'");
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid value for option '" + option + "': the " + what + " is blank");
    }
  }
}
