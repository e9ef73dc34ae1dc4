package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestEmulatedProject {
  @Test
  void hasDocumentedDefaults() {
    EmulatedProject project = EmulatedProject.builder(1).build();

    assertThat(project.timezone()).isEqualTo(ZoneId.of("US/Pacific"));
    assertThat(project.createdOn()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(project.seed()).isEqualTo(42);
    assertThat(project.eventsPerDay()).isEqualTo(100);
    assertThat(project.cohortCount()).isEqualTo(3);
    assertThat(project.cohorts()).hasSize(3);
    assertThat(project.firstEventDay()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(project.apiSecret()).isEmpty();
    assertThat(project.profileCount()).isEqualTo(200);
    assertThat(project.region()).isEqualTo(DataRegion.US);
    assertThat(project.token()).matches("[0-9a-f]{32}").isEqualTo(EmulatedProject.builder(1).build().token())
        .isNotEqualTo(EmulatedProject.builder(2).build().token());
  }

  @Test
  void cutsDaysInUtcFrom2023AndInTheTimezoneBefore() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");

    assertThat(EmulatedProject.builder(1).timezone(tokyo).createdOn(LocalDate.of(2023, 1, 1)).build().dayZone())
        .isEqualTo(ZoneOffset.UTC);
    assertThat(EmulatedProject.builder(1).timezone(tokyo).createdOn(LocalDate.of(2022, 12, 31)).build().dayZone())
        .isEqualTo(tokyo);
  }

  @Test
  void keepsSecretsOutOfToString() {
    EmulatedProject project = EmulatedProject.builder(9)
        .apiSecret("top-secret-1")
        .serviceAccount("sa.mp-service-account", "top-secret-2")
        .build();

    assertThat(project.toString()).contains("projectId=9", "apiSecret=<redacted>", "serviceAccounts=1")
        .doesNotContain("top-secret-1", "top-secret-2");
    assertThat(new ServiceAccount("sa", "top-secret-3").toString()).doesNotContain("top-secret-3");
  }

  @Test
  void rejectsInvalidSettingsNamingTheFix() {
    assertThatThrownBy(() -> EmulatedProject.builder(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid project id 0: Mixpanel project ids are positive integers");
    assertThatThrownBy(() -> EmulatedProject.builder(1).eventsPerDay(-1))
        .hasMessage("Invalid eventsPerDay -1: use 0 or more");
    assertThatThrownBy(() -> EmulatedProject.builder(1).cohortCount(-2))
        .hasMessage("Invalid cohortCount -2: use 0 or more");
    assertThatThrownBy(() -> EmulatedProject.builder(1).eventDays(LocalDate.of(2024, 2, 2), LocalDate.of(2024, 2, 1)))
        .hasMessage("Invalid event days 2024-02-02..2024-02-01: the first day is after the last; swap them");
    assertThatThrownBy(() -> EmulatedProject.builder(1).apiSecret(" "))
        .hasMessage("Invalid apiSecret: it is blank; pass a non-empty value");
    assertThatThrownBy(() -> EmulatedProject.builder(1).serviceAccount("a:b", "s"))
        .hasMessage("Invalid service account username: it must not contain ':' (Basic auth splits on it)");
    assertThatThrownBy(() -> EmulatedProject.builder(1).profileCount(-1))
        .hasMessage("Invalid profileCount -1: use 0 or more");
    assertThatThrownBy(() -> EmulatedProject.builder(1).cohort(7, "a", 1).cohort(7, "b", 2))
        .hasMessage("Duplicate cohort id 7: give each cohort its own id");
    assertThatThrownBy(() -> EmulatedProject.builder(1).cohort(1001, "a", 1).build())
        .hasMessage("Cohort id 1001 collides with the generated cohorts 1000..1002; pick another id or lower cohortCount");
    assertThatThrownBy(() -> EmulatedProject.builder(1).build()
            .events(LocalDate.of(2024, 2, 2), LocalDate.of(2024, 2, 1), Instant.EPOCH))
        .hasMessage("Cannot list events from 2024-02-02 to 2024-02-01: from is after to; swap them");
    assertThatThrownBy(() -> EmulatedProject.builder(1).exportVisibilityDelay(Duration.ofSeconds(-1)))
        .hasMessage("Invalid exportVisibilityDelay PT-1S: an event cannot be served before it is processed;"
            + " use Duration.ZERO or more");
    assertThatThrownBy(() -> EmulatedProject.builder(1).exportVisibilityDelay(Duration.ofDays(366)))
        .hasMessage("Invalid exportVisibilityDelay PT8784H: use at most 365 days (Mixpanel's own pipelines call"
            + " data late after 2 hours)");
    assertThatThrownBy(() -> EmulatedProject.builder(1).sharedInsertIdEvery(1))
        .hasMessage("Invalid sharedInsertIdEvery 1: use 0 (every $insert_id unique) or 2 or more (every n-th event"
            + " reuses an earlier one's)");
  }
}
