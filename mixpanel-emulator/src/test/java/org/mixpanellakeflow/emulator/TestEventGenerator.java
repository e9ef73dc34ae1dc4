package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.properties;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TestEventGenerator {
  private static final Instant LATER = Instant.parse("2025-01-01T00:00:00Z");
  private static final LocalDate DAY = LocalDate.of(2024, 6, 1);
  private static final EmulatedProject PROJECT = EmulatedProject.builder(7001).eventsPerDay(300).build();

  @Test
  void givesEachDayExactlyEventsPerDayInsideThatDay() {
    List<Map<String, Object>> events = PROJECT.events(DAY, DAY.plusDays(2), LATER);

    assertThat(events).hasSize(900);
    for (int day = 0; day < 3; day++) {
      long start = DAY.plusDays(day).atStartOfDay(ZoneId.of("UTC")).toInstant().toEpochMilli();
      assertThat(events.subList(day * 300, day * 300 + 300))
          .allSatisfy(e -> assertThat((Long) properties(e).get("time")).isBetween(start, start + 86_399_999));
    }
  }

  @Test
  void keepsEveryEventOfAShortDstDayInsideIt() {
    // a legacy project cuts days in its timezone; 2024-03-10 has 23 hours in US/Pacific
    EmulatedProject legacy = EmulatedProject.builder(7002)
        .timezone(ZoneId.of("US/Pacific"))
        .createdOn(LocalDate.of(2021, 1, 1))
        .eventsPerDay(100)
        .build();
    LocalDate dstDay = LocalDate.of(2024, 3, 10);
    long start = dstDay.atStartOfDay(legacy.timezone()).toInstant().toEpochMilli();
    long end = dstDay.plusDays(1).atStartOfDay(legacy.timezone()).toInstant().toEpochMilli();

    List<Map<String, Object>> events = legacy.events(dstDay, dstDay, LATER);

    assertThat(end - start).isEqualTo(23 * 3_600_000L);
    assertThat(events).hasSize(100).allSatisfy(e -> {
      long processed = (Long) properties(e).get("mp_processing_time_ms");
      assertThat(processed).isBetween(start, end + 90_000);
    });
  }

  @Test
  void givesEveryEventAUniqueWellFormedInsertId() {
    List<Map<String, Object>> events = PROJECT.events(DAY, DAY.plusDays(4), LATER);
    Set<Object> ids = new HashSet<>();

    assertThat(events).allSatisfy(e -> {
      String id = (String) properties(e).get("$insert_id");
      assertThat(id).hasSizeLessThanOrEqualTo(36).matches("[A-Za-z0-9-]+");
      ids.add(id);
    });
    assertThat(ids).hasSize(events.size());
  }

  @Test
  void carriesEveryJsonType() {
    List<Object> values = new ArrayList<>();
    for (Map<String, Object> event : PROJECT.events(DAY, DAY, LATER)) {
      collect(properties(event).values(), values);
    }

    assertThat(values).hasAtLeastOneElementOfType(Long.class)
        .hasAtLeastOneElementOfType(Double.class)
        .hasAtLeastOneElementOfType(Boolean.class)
        .hasAtLeastOneElementOfType(Map.class)
        .hasAtLeastOneElementOfType(List.class)
        .containsNull()
        .contains("Zürich", "東京", "Welcome 👋", "Bagel 🥯");
    assertThat(values).noneMatch(value -> value instanceof Integer || value instanceof Float);
    assertThat(PROJECT.events(DAY, DAY, LATER)).anySatisfy(e -> {
      assertThat(properties(e).get("items")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
          .first().isInstanceOf(Map.class);
      assertThat(((Map<?, ?>) properties(e).get("shipping")).get("address")).isInstanceOf(Map.class);
    });
  }

  @Test
  void carriesStandardPropertiesAndOmitsSomeOnSomeEvents() {
    List<Map<String, Object>> events = PROJECT.events(DAY, DAY, LATER);
    List<String> standard = List.of("$browser", "$browser_version", "$city", "$os", "$current_url", "$device_id",
        "$lib_version", "$mp_api_endpoint", "$mp_api_timestamp_ms", "$region", "$screen_height", "$screen_width",
        "mp_country_code", "mp_lib", "mp_processing_time_ms", "mp_sent_by_lib_version", "distinct_id", "time");

    for (String key : standard) {
      assertThat(events).as(key).anySatisfy(e -> assertThat(properties(e)).containsKey(key));
    }
    assertThat(events).anySatisfy(e -> assertThat(properties(e)).doesNotContainKey("$city"));
    assertThat(events).anySatisfy(e -> assertThat(properties(e)).doesNotContainKey("$browser"));
    assertThat(events).extracting(e -> (String) properties(e).get("$browser_version"))
        .filteredOn(v -> v != null).allMatch(v -> v.matches("\\d+\\.\\d+\\.\\d+"));
    assertThat(events).extracting(e -> e.get("event")).hasSizeGreaterThan(1)
        .contains("Page View", "Search", "Add To Cart", "Purchase", "Video Played", "Sign Up");
  }

  @Test
  void skewsActivityAndReachesDocumentedSizeLimitsNowAndThen() {
    EmulatedProject busy = EmulatedProject.builder(7004).eventsPerDay(20_000).build();
    List<Map<String, Object>> events = busy.events(DAY, DAY, LATER);
    Map<Object, Long> perUser = events.stream()
        .collect(Collectors.groupingBy(e -> properties(e).get("distinct_id"), Collectors.counting()));
    long topFiftyUsers = perUser.values().stream().sorted(Comparator.reverseOrder()).limit(50).mapToLong(Long::longValue).sum();

    assertThat(topFiftyUsers).isGreaterThan(events.size() / 4);
    assertThat(events).map(e -> properties(e).get("long_note")).filteredOn(note -> note != null).isNotEmpty()
        .allSatisfy(note -> assertThat(((String) note).getBytes(StandardCharsets.UTF_8)).hasSize(255));
    assertThat(events).map(e -> properties(e).get("many_tags")).filteredOn(tags -> tags != null).isNotEmpty()
        .allSatisfy(tags -> assertThat((List<?>) tags).hasSize(200));
    assertThat(events).anySatisfy(e -> assertThat(properties(e)).hasSize(250));
    assertThat(events).allSatisfy(e -> assertThat(properties(e).size()).isLessThan(255));
  }

  @Test
  void neverShowsEventsAfterAsOfNorProcessingAfterIt() {
    Instant asOf = Instant.parse("2024-06-01T08:00:00Z");

    List<Map<String, Object>> events = PROJECT.events(DAY, DAY.plusDays(5), asOf);

    assertThat(events).hasSizeBetween(98, 102).allSatisfy(e -> {
      long time = (Long) properties(e).get("time");
      long received = (Long) properties(e).get("$mp_api_timestamp_ms");
      long processed = (Long) properties(e).get("mp_processing_time_ms");
      assertThat(time).isLessThanOrEqualTo(received);
      assertThat(received).isLessThanOrEqualTo(processed);
      assertThat(processed).isLessThanOrEqualTo(asOf.toEpochMilli());
    });
  }

  @Test
  void dependsOnlyOnSeedProjectAndDay() {
    EmulatedProject same = EmulatedProject.builder(7001).eventsPerDay(300).build();
    EmulatedProject otherSeed = EmulatedProject.builder(7001).eventsPerDay(300).seed(7).build();

    assertThat(same.events(DAY, DAY, LATER)).isEqualTo(PROJECT.events(DAY, DAY, LATER));
    assertThat(otherSeed.events(DAY, DAY, LATER)).isNotEqualTo(PROJECT.events(DAY, DAY, LATER));
    assertThat(PROJECT.events(DAY.plusDays(1), DAY.plusDays(1), LATER))
        .isEqualTo(PROJECT.events(DAY, DAY.plusDays(1), LATER).subList(300, 600));
  }

  @Test
  void servesNothingOutsideTheEventDays() {
    EmulatedProject bounded = EmulatedProject.builder(7003).eventDays(DAY, DAY.plusDays(1)).build();

    assertThat(bounded.events(DAY.minusDays(10), DAY.plusDays(10), LATER)).hasSize(200);
    assertThat(bounded.events(DAY.minusDays(10), DAY.minusDays(1), LATER)).isEmpty();
  }

  private static void collect(Collection<?> values, List<Object> into) {
    for (Object value : values) {
      into.add(value);
      if (value instanceof Map<?, ?> map) {
        collect(map.values(), into);
      } else if (value instanceof List<?> list) {
        collect(list, into);
      }
    }
  }
}
