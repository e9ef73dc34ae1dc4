package org.mixpanellakeflow.emulator;

import java.util.Objects;

/** A service account's Basic-auth credentials. */
record ServiceAccount(String username, String secret) {
  ServiceAccount {
    Objects.requireNonNull(username, "username is null");
    Objects.requireNonNull(secret, "secret is null");
  }

  boolean matches(String candidateUsername, String candidateSecret) {
    return username.equals(candidateUsername) && Secrets.equal(secret, candidateSecret);
  }

  @Override
  public String toString() {
    return "ServiceAccount[username=" + username + ", secret=<redacted>]";
  }
}
