package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.lines;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSharedInsertIds {
  private static final LocalDate DAY = LocalDate.of(2024, 6, 1);
  private static final Instant LATER = Instant.parse("2024-06-10T12:00:00Z");

  @Test
  void makesEveryNthEventReuseTheInsertIdOfAnEarlierEventOfItsDay() {
    List<Map<String, Object>> unique = builder(0).build().events(DAY, DAY, LATER);
    List<Map<String, Object>> shared = builder(10).build().events(DAY, DAY, LATER);

    assertThat(shared).hasSize(300).isEqualTo(builder(10).build().events(DAY, DAY, LATER));
    Map<Object, Integer> firstIndexOfId = new HashMap<>();
    for (int i = 0; i < unique.size(); i++) {
      firstIndexOfId.put(insertId(unique.get(i)), i);
    }
    for (int i = 0; i < shared.size(); i++) {
      if (i % 10 != 9) {
        // nothing but the $insert_id of the sharing events changes
        assertThat(shared.get(i)).isEqualTo(unique.get(i));
        continue;
      }
      Map<String, Object> own = new HashMap<>(properties(shared.get(i)));
      Integer donor = firstIndexOfId.get(own.get("$insert_id"));
      assertThat(donor).as("event %d takes the id of an earlier event of the day", i).isNotNull().isLessThan(i);
      own.put("$insert_id", insertId(unique.get(i)));
      assertThat(own).isEqualTo(properties(unique.get(i)));
    }
    Set<List<Object>> dedupKeys = new HashSet<>();
    shared.forEach(e -> dedupKeys.add(List.of(e.get("event"), properties(e).get("distinct_id"),
        properties(e).get("time"), insertId(e))));
    assertThat(dedupKeys).as("Mixpanel's dedup key tells every event apart").hasSize(300);
    assertThat(shared.stream().map(TestSharedInsertIds::insertId).distinct()).hasSize(270);
  }

  @Test
  void servesEveryEventThatSharesAnInsertId() {
    EmulatedProject project = builder(4).serviceAccount("shared.sa", "shared-sa-secret").build();
    try (MixpanelEmulator emulator =
        MixpanelEmulator.builder().clock(Clock.fixed(LATER, ZoneOffset.UTC)).project(project).start()) {
      HttpResponse<String> response = new EmulatorHttpClient(emulator).get(
          "/api/2.0/export?project_id=2901&from_date=2024-06-01&to_date=2024-06-01&time_in_ms=true",
          basic("shared.sa", "shared-sa-secret"));

      List<Map<String, Object>> served = lines(response.body());
      assertThat(served).hasSize(300).isEqualTo(project.events(DAY, DAY, LATER));
      assertThat(served.stream().map(TestSharedInsertIds::insertId).distinct()).hasSize(225);
    }
  }

  private static EmulatedProject.Builder builder(int sharedInsertIdEvery) {
    return EmulatedProject.builder(2901).eventsPerDay(300).sharedInsertIdEvery(sharedInsertIdEvery)
        .eventDays(DAY, DAY.plusDays(1));
  }

  private static Object insertId(Map<String, Object> event) {
    return properties(event).get("$insert_id");
  }
}
