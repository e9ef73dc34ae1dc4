package org.mixpanellakeflow.emulator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The cohorts added with {@link EmulatedProject.Builder#cohort}, checked as they come. Not thread safe. */
final class ConfiguredCohorts {
  private final Map<Long, Map.Entry<String, Integer>> cohorts = new LinkedHashMap<>();

  void add(long id, String name, int members) {
    if (members < 0) {
      throw new IllegalArgumentException("Invalid size " + members + " for cohort " + id + ": use 0 or more");
    }
    if (cohorts.containsKey(id)) {
      throw new IllegalArgumentException("Duplicate cohort id " + id + ": give each cohort its own id");
    }
    cohorts.put(id, Map.entry(name, members));
  }

  /** Fails when a configured id falls among the generated cohorts' ids, 1000 on. */
  void requireApartFromGenerated(int cohortCount) {
    for (long id : cohorts.keySet()) {
      if (id >= 1_000 && id < 1_000L + cohortCount) {
        throw new IllegalArgumentException("Cohort id " + id + " collides with the generated cohorts 1000.."
            + (999 + cohortCount) + "; pick another id or lower cohortCount");
      }
    }
  }

  /** The configured cohorts, created at noon of the project's creation day. */
  List<CohortSpec> specs(LocalDate createdOn) {
    List<CohortSpec> specs = new ArrayList<>();
    cohorts.forEach((id, cohort) -> specs.add(
        new CohortSpec(id, cohort.getKey(), "", true, createdOn.atTime(LocalTime.NOON), cohort.getValue())));
    return specs;
  }
}
