package org.mixpanellakeflow.client;

import java.net.URI;
import java.util.Locale;

/**
 * Mixpanel data residency. A project lives in exactly one region; calling another region's hosts
 * fails with HTTP 400 "invalid project id for cluster".
 */
public enum Region {
  US("https://data.mixpanel.com", "https://mixpanel.com"),
  EU("https://data-eu.mixpanel.com", "https://eu.mixpanel.com"),
  IN("https://data-in.mixpanel.com", "https://in.mixpanel.com");

  private final URI exportBaseUri;
  private final URI queryBaseUri;

  Region(String exportBaseUri, String queryBaseUri) {
    this.exportBaseUri = URI.create(exportBaseUri);
    this.queryBaseUri = URI.create(queryBaseUri);
  }

  /** Base of the raw event export API ({@code /api/2.0/export}). */
  public URI exportBaseUri() {
    return exportBaseUri;
  }

  /** Base of the Query API ({@code /api/query/...}: engage, cohorts). */
  public URI queryBaseUri() {
    return queryBaseUri;
  }

  /** Parses a region name ignoring case and surrounding blanks, e.g. {@code "eu"}. */
  public static Region parse(String value) {
    if (value != null) {
      String name = value.trim().toUpperCase(Locale.ROOT);
      for (Region region : values()) {
        if (region.name().equals(name)) {
          return region;
        }
      }
    }
    throw new IllegalArgumentException(
        "Invalid value for option 'region': '"
            + value
            + "' (expected one of US, EU, IN; use the region that hosts the Mixpanel project)");
  }
}
