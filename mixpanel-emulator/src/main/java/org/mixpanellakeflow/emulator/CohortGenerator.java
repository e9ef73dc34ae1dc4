package org.mixpanellakeflow.emulator;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Generates a project's saved cohorts in the cohorts/list shape, deterministically from the seed. */
final class CohortGenerator {
  private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final String[] NAMES = {
    "Power users", "Churn risk", "Käufer in der Schweiz", "東京 visitors", "Trialists 🚀", "Newsletter readers"
  };

  private CohortGenerator() {}

  static List<Map<String, Object>> cohorts(EmulatedProject project) {
    List<Map<String, Object>> cohorts = new ArrayList<>(project.cohortCount());
    for (int i = 0; i < project.cohortCount(); i++) {
      SplittableRandom random = Seeds.random(project.seed(), project.projectId(), Seeds.COHORT_DOMAIN, i);
      // created some days after the project, in creation order, at a time of day of its own
      LocalDateTime created = project.createdOn()
          .plusDays(i * 3L + random.nextInt(3))
          .atTime(LocalTime.ofSecondOfDay(random.nextInt(86_400)));
      String baseName = NAMES[i % NAMES.length];
      Map<String, Object> cohort = new LinkedHashMap<>();
      cohort.put("id", 1_000L + i);
      cohort.put("name", i < NAMES.length ? baseName : baseName + " " + (i / NAMES.length + 1));
      cohort.put("description", i % 3 == 2 ? "" : "Users matching: " + baseName.toLowerCase(Locale.ROOT));
      cohort.put("count", (long) random.nextInt(0, 5_000));
      cohort.put("is_visible", i % 4 == 3 ? 0L : 1L);
      cohort.put("created", CREATED.format(created));
      cohort.put("project_id", project.projectId());
      cohorts.add(Collections.unmodifiableMap(cohort));
    }
    return Collections.unmodifiableList(cohorts);
  }
}
