package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.NOW;
import static org.mixpanellakeflow.emulator.TestEngageEndpoint.props;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TestProfileGenerator {
  private static final EmulatedProject PROJECT = EmulatedProject.builder(2201)
      .profileCount(600)
      .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 10))
      .build();

  @Test
  void dependsOnlyOnSeedAndProject() {
    EmulatedProject twin = EmulatedProject.builder(2201).profileCount(600)
        .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 10)).build();
    EmulatedProject reseeded = EmulatedProject.builder(2201).profileCount(600).seed(7)
        .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 10)).build();

    assertThat(twin.profiles()).isEqualTo(PROJECT.profiles()).hasSize(600);
    assertThat(reseeded.profiles()).isNotEqualTo(PROJECT.profiles());
  }

  @Test
  void datesProfilesBetweenCreationAndTheLastEventDay() {
    assertThat(PROJECT.profiles()).allSatisfy(profile -> {
      String created = (String) props(profile).get("$created");
      String lastSeen = (String) props(profile).get("$last_seen");
      assertThat(created).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
      assertThat(lastSeen).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d").isGreaterThanOrEqualTo(created)
          .isLessThanOrEqualTo("2024-06-10T00:00:00");
      assertThat(created).isGreaterThanOrEqualTo("2024-01-01T00:00:00");
    });
  }

  @Test
  void carriesEveryJsonTypeAndOmitsSomeProperties() {
    List<Object> values = PROJECT.profiles().stream().flatMap(p -> props(p).values().stream()).toList();

    assertThat(values).anyMatch(String.class::isInstance).anyMatch(Long.class::isInstance)
        .anyMatch(Double.class::isInstance).anyMatch(Boolean.class::isInstance).anyMatch(v -> v == null)
        .anyMatch(Map.class::isInstance).anyMatch(List.class::isInstance);
    assertThat(PROJECT.profiles()).anyMatch(p -> !props(p).containsKey("$email"))
        .anyMatch(p -> props(p).containsKey("$email"))
        .anyMatch(p -> !props(p).containsKey("$city"));
    assertThat(values).anyMatch(v -> v instanceof String s && !s.chars().allMatch(c -> c < 128));
  }

  @Test
  void givesProfilesToTheUsersEventsAreGeneratedFor() {
    Set<Object> eventUsers = PROJECT.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 10), NOW).stream()
        .map(e -> EmulatorHttpClient.properties(e).get("distinct_id")).collect(Collectors.toSet());
    Set<Object> profiled = PROJECT.profiles().stream().map(p -> p.get("$distinct_id")).collect(Collectors.toSet());

    assertThat(profiled).containsAll(eventUsers);
    assertThat(EmulatedProject.builder(2202).profileCount(0).build().profiles()).isEmpty();
  }
}
