package org.mixpanellakeflow.emulator;

/**
 * The Mixpanel data-residency cluster a project lives in. The emulator serves each region that
 * has a project on a port of its own, standing in for that region's hosts.
 */
public enum DataRegion {
  US("api.mixpanel.com"),
  EU("api-eu.mixpanel.com"),
  IN("api-in.mixpanel.com");

  private final String ingestionHost;

  DataRegion(String ingestionHost) {
    this.ingestionHost = ingestionHost;
  }

  /** The ingestion host, as {@code $mp_api_endpoint} names it on ingested events. */
  String ingestionHost() {
    return ingestionHost;
  }
}
