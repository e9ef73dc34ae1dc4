package org.mixpanellakeflow.client;

import java.util.Locale;

/** Mixpanel limits each API family separately: raw export, and the Query API (engage, cohorts). */
public enum ApiFamily {
  EXPORT,
  QUERY;

  /** Lower case, for messages and option names. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
