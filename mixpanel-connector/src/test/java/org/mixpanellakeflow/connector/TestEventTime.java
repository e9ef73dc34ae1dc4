package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TestEventTime {

  static final ZoneId PACIFIC = ZoneId.of("US/Pacific");

  @Test
  void projectsFrom2023PassTimesThrough() {
    EventTime time = EventTime.forProject(LocalDate.of(2023, 1, 1), PACIFIC);
    assertThat(time.isLegacy()).isFalse();
    assertThat(time.toUtcMillis(1_715_300_000_123L)).isEqualTo(1_715_300_000_123L);
    assertThat(EventTime.forProject(null, PACIFIC).isLegacy()).isFalse();
  }

  @Test
  void legacyProjectsHaveTheirOffsetTakenOutAcrossDaylightSaving() {
    EventTime time = EventTime.forProject(LocalDate.of(2022, 12, 31), PACIFIC);
    assertThat(time.isLegacy()).isTrue();
    // 2024-05-10 09:00 Pacific (PDT, UTC-7) is stored as 2024-05-10T09:00Z
    long summer = Instant.parse("2024-05-10T09:00:00.250Z").toEpochMilli();
    assertThat(time.toUtcMillis(summer)).isEqualTo(Instant.parse("2024-05-10T16:00:00.250Z").toEpochMilli());
    // 2024-01-10 09:00 Pacific (PST, UTC-8)
    long winter = Instant.parse("2024-01-10T09:00:00Z").toEpochMilli();
    assertThat(time.toUtcMillis(winter)).isEqualTo(Instant.parse("2024-01-10T17:00:00Z").toEpochMilli());
  }
}
