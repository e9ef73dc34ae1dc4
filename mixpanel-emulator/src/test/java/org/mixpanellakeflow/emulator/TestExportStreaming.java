package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class TestExportStreaming {
  private static final int EVENTS = 200_000;
  private static final String AUTH = basic("big-secret", "");

  @Test
  void streamsALargeDayLineByLine() throws IOException {
    EmulatedProject project = EmulatedProject.builder(3003)
        .apiSecret("big-secret")
        .eventsPerDay(EVENTS)
        .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 1))
        .build();
    try (MixpanelEmulator emulator =
        MixpanelEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(project).start()) {
      EmulatorHttpClient http = new EmulatorHttpClient(emulator);
      HttpResponse<InputStream> response = http.send(
          http.request("/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01", AUTH, "Accept-Encoding", "gzip").GET(),
          HttpResponse.BodyHandlers.ofInputStream());

      assertThat(response.statusCode()).isEqualTo(200);
      // no length up front: the server writes events as it generates them
      assertThat(response.headers().firstValue("Content-Length")).isEmpty();
      assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
      long count = 0;
      Set<Object> insertIds = new HashSet<>();
      String last = null;
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(new GZIPInputStream(response.body()), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (count % 1_000 == 0) {
            insertIds.add(properties(object(line)).get("$insert_id"));
          }
          count++;
          last = line;
        }
      }
      assertThat(count).isEqualTo(EVENTS);
      assertThat(insertIds).hasSize(EVENTS / 1_000);
      assertThat(object(last)).isEqualTo(lastGroundTruthEventInSeconds(project));
    }
  }

  private static Object lastGroundTruthEventInSeconds(EmulatedProject project) {
    Iterator<EventRecord> events = project.eventsBetween(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 1), NOW);
    Map<String, Object> last = null;
    while (events.hasNext()) {
      last = events.next().event();
    }
    Map<String, Object> properties = new LinkedHashMap<>(properties(last));
    properties.put("time", Math.floorDiv((Long) properties.get("time"), 1000L));
    return Map.of("event", last.get("event"), "properties", properties);
  }
}
