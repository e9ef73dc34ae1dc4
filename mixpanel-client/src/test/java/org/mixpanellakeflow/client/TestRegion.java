package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TestRegion {

  @Test
  void mapsEachRegionToItsExportAndQueryHosts() {
    assertThat(Region.US.exportBaseUri()).isEqualTo(URI.create("https://data.mixpanel.com"));
    assertThat(Region.US.queryBaseUri()).isEqualTo(URI.create("https://mixpanel.com"));
    assertThat(Region.EU.exportBaseUri()).isEqualTo(URI.create("https://data-eu.mixpanel.com"));
    assertThat(Region.EU.queryBaseUri()).isEqualTo(URI.create("https://eu.mixpanel.com"));
    assertThat(Region.IN.exportBaseUri()).isEqualTo(URI.create("https://data-in.mixpanel.com"));
    assertThat(Region.IN.queryBaseUri()).isEqualTo(URI.create("https://in.mixpanel.com"));
  }

  @Test
  void parsesNamesIgnoringCaseAndBlanks() {
    assertThat(Region.parse("eu")).isEqualTo(Region.EU);
    assertThat(Region.parse(" In ")).isEqualTo(Region.IN);
    assertThat(Region.parse("US")).isEqualTo(Region.US);
  }

  @Test
  void rejectsUnknownRegionListingTheValidOnes() {
    assertThatThrownBy(() -> Region.parse("APAC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid value for option 'region': 'APAC' (expected one of US, EU, IN; use the"
                + " region that hosts the Mixpanel project)");
  }

  @Test
  void rejectsMissingRegion() {
    assertThatThrownBy(() -> Region.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'null' (expected one of US, EU, IN");
  }
}
