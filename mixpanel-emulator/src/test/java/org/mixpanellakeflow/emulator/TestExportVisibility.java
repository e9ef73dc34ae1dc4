package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;
import static org.mixpanellakeflow.emulator.TestImportEndpoint.event;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestExportVisibility {
  private static final Instant NOON = Instant.parse("2024-06-10T12:00:00Z");
  private static final Duration DELAY = Duration.ofMinutes(15);
  private static final String SA = basic("delay.sa", "delay-sa-secret");
  private static final LocalDate MAY_20 = LocalDate.of(2024, 5, 20);
  private static final LocalDate JUNE_10 = LocalDate.of(2024, 6, 10);
  private static final long MAY_20_NOON_MS = Instant.parse("2024-05-20T12:00:00Z").toEpochMilli();

  private MutableClock clock;
  private EmulatedProject project;
  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @BeforeEach
  void start() {
    clock = new MutableClock(NOON);
    project = builder().exportVisibilityDelay(DELAY).build();
    emulator = MixpanelEmulator.builder().clock(clock).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void servesAnImportedEventOnlyOnceTheDelayHasPassedSinceItsProcessing() {
    emulator.importEvents(2701, List.of(event("Late", "u-9", "late-1", MAY_20_NOON_MS)));
    long processed = clock.millis();

    assertThat(names(export("2024-05-20", "2024-05-20", null))).doesNotContain("Late");
    clock.advance(DELAY.minusMillis(1));
    assertThat(names(export("2024-05-20", "2024-05-20", null))).doesNotContain("Late");
    assertThat(project.events(MAY_20, MAY_20, clock.instant())).extracting(e -> e.get("event")).doesNotContain("Late");
    clock.advance(Duration.ofMillis(1));

    List<Map<String, Object>> served = export("2024-05-20", "2024-05-20", null);
    assertThat(served).isEqualTo(project.events(MAY_20, MAY_20, clock.instant()));
    assertThat(served.get(served.size() - 1)).containsEntry("event", "Late");
    assertThat(properties(served.get(served.size() - 1))).containsEntry("mp_processing_time_ms", processed);
  }

  @Test
  void letsASweepWithAMarginCatchAnEventThatBecameVisibleLate() {
    emulator.importEvents(2701, List.of(event("Late", "u-9", "late-1", MAY_20_NOON_MS)));
    // a run 5 minutes later does not see it yet and sets its watermark at its own start
    clock.advance(Duration.ofMinutes(5));
    long watermark = clock.millis();
    assertThat(names(export("2024-05-20", "2024-05-20", null))).doesNotContain("Late");
    clock.advance(Duration.ofMinutes(15));

    String sweep = "number(properties[\"mp_processing_time_ms\"]) > ";
    assertThat(export("2024-05-01", "2024-06-09", sweep + watermark)).isEmpty();
    assertThat(names(export("2024-05-01", "2024-06-09", sweep + (watermark - Duration.ofMinutes(20).toMillis()))))
        .containsExactly("Late");
  }

  @Test
  void servesGeneratedEventsFromTheirOwnProcessingTimePlusTheDelay() {
    // the same data without a delay, read long after, has every event with its own processing time
    List<Map<String, Object>> wholeDay = builder().build().events(JUNE_10, JUNE_10, Instant.parse("2024-06-11T00:00:00Z"));
    List<Map<String, Object>> visible = wholeDay.stream()
        .filter(e -> (Long) properties(e).get("mp_processing_time_ms") + DELAY.toMillis() <= clock.millis())
        .toList();

    List<Map<String, Object>> served = export("2024-06-10", "2024-06-10", null);

    assertThat(served).isEqualTo(visible).isEqualTo(project.events(JUNE_10, JUNE_10, clock.instant()));
    assertThat(wholeDay.stream().filter(e -> (Long) properties(e).get("time") <= clock.millis()).count())
        .isGreaterThan(served.size());
    clock.advance(DELAY);
    List<Map<String, Object>> later = export("2024-06-10", "2024-06-10", null);
    // each event keeps the processing time it was first served with
    assertThat(later).hasSizeGreaterThan(served.size()).containsAll(served);
  }

  private static EmulatedProject.Builder builder() {
    return EmulatedProject.builder(2701).serviceAccount("delay.sa", "delay-sa-secret").eventsPerDay(200)
        .eventDays(LocalDate.of(2024, 5, 1), JUNE_10);
  }

  private List<Map<String, Object>> export(String from, String to, String where) {
    String query = "/api/2.0/export?project_id=2701&from_date=" + from + "&to_date=" + to + "&time_in_ms=true"
        + (where == null ? "" : "&where=" + URLEncoder.encode(where, StandardCharsets.UTF_8));
    HttpResponse<String> response = http.get(query, SA);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return lines(response.body());
  }

  private static List<Object> names(List<Map<String, Object>> events) {
    return events.stream().map(e -> e.get("event")).toList();
  }
}
