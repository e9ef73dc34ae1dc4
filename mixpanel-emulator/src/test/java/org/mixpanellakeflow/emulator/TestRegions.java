package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.array;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestRegions {
  private static final String SA = basic("multi.sa", "multi-sa-secret");
  private static final EmulatedProject US = project(2701, DataRegion.US);
  private static final EmulatedProject EU = project(2702, DataRegion.EU);
  private static final EmulatedProject IN = project(2703, DataRegion.IN);

  private static MixpanelEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(US).project(EU).project(IN).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void servesEachRegionOnItsOwnPort() {
    URI us = emulator.baseUri(DataRegion.US);
    URI eu = emulator.baseUri(DataRegion.EU);
    URI in = emulator.baseUri(DataRegion.IN);

    assertThat(emulator.baseUri()).isEqualTo(us);
    assertThat(Set.of(us.getPort(), eu.getPort(), in.getPort())).hasSize(3);
    assertThat(lines(get(eu, "/api/2.0/export?project_id=2702&from_date=2024-06-01&to_date=2024-06-01").body()))
        .hasSize(5);
    assertThat(array(post(in, "/api/query/cohorts/list?project_id=2703").body())).isEqualTo(IN.cohorts());
  }

  @Test
  void refusesAProjectOnAnotherRegionsHost() {
    HttpResponse<String> response = get(emulator.baseUri(DataRegion.US),
        "/api/2.0/export?project_id=2702&from_date=2024-06-01&to_date=2024-06-01");
    HttpResponse<String> query = post(emulator.baseUri(DataRegion.EU), "/api/query/cohorts/list?project_id=2703");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(object(response.body())).containsEntry("request",
        "/api/2.0/export?project_id=2702&from_date=2024-06-01&to_date=2024-06-01")
        .containsEntry("error", "request failed with error: invalid project id for cluster.");
    assertThat(query.statusCode()).isEqualTo(400);
    assertThat(object(query.body())).containsEntry("error", "request failed with error: invalid project id for cluster.");
  }

  @Test
  void namesTheRegionsItServes() {
    try (MixpanelEmulator usOnly = MixpanelEmulator.builder().project(project(2704, DataRegion.US)).start()) {
      assertThatThrownBy(() -> usOnly.baseUri(DataRegion.EU))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("The emulator serves no project in region EU; it serves [US]");
    }
  }

  private static EmulatedProject project(long id, DataRegion region) {
    return EmulatedProject.builder(id).serviceAccount("multi.sa", "multi-sa-secret").region(region).eventsPerDay(5)
        .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 2)).build();
  }

  private static HttpResponse<String> get(URI base, String path) {
    return new EmulatorHttpClient(emulator).send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", SA).GET(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(URI base, String path) {
    return new EmulatorHttpClient(emulator).send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", SA).POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
  }
}
