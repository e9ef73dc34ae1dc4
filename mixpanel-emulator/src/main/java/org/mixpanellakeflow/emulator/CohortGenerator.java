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

/**
 * A project's saved cohorts and their members, deterministically from the seed.
 *
 * <p>Members are mostly users with a profile, picked at random among the generated profiles and
 * listed in profile order; about one in ten (at least one in any cohort of two or more) has no
 * profile: a user of the event pool past the profiled ones, as real projects have users who fire
 * events but were never sent a profile.
 */
final class CohortGenerator {
  private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final String[] NAMES = {
    "Power users", "Churn risk", "Käufer in der Schweiz", "東京 visitors", "Trialists 🚀", "Newsletter readers"
  };

  private CohortGenerator() {}

  /** The generated cohorts (ids from 1000) followed by the ones configured explicitly. */
  static List<CohortSpec> specs(EmulatedProject project, List<CohortSpec> configured) {
    List<CohortSpec> specs = new ArrayList<>(project.cohortCount() + configured.size());
    for (int i = 0; i < project.cohortCount(); i++) {
      SplittableRandom random = Seeds.random(project.seed(), project.projectId(), Seeds.COHORT_DOMAIN, i);
      // created some days after the project, in creation order, at a time of day of its own
      LocalDateTime created = project.createdOn()
          .plusDays(i * 3L + random.nextInt(3))
          .atTime(LocalTime.ofSecondOfDay(random.nextInt(86_400)));
      String baseName = NAMES[i % NAMES.length];
      specs.add(new CohortSpec(
          1_000L + i,
          i < NAMES.length ? baseName : baseName + " " + (i / NAMES.length + 1),
          i % 3 == 2 ? "" : "Users matching: " + baseName.toLowerCase(Locale.ROOT),
          i % 4 != 3,
          created,
          random.nextInt(0, Math.max(1, project.profileCount()) + 1)));
    }
    specs.addAll(configured);
    return Collections.unmodifiableList(specs);
  }

  /** The cohorts/list entry of {@code spec} with {@code count} current members. */
  static Map<String, Object> listEntry(CohortSpec spec, long projectId, int count) {
    Map<String, Object> cohort = new LinkedHashMap<>();
    cohort.put("id", spec.id());
    cohort.put("name", spec.name());
    cohort.put("description", spec.description());
    cohort.put("count", (long) count);
    cohort.put("is_visible", spec.visible() ? 1L : 0L);
    // undocumented; Mixpanel sends it on some cohorts and not others, so clients must cope
    if (spec.id() % 2 == 0) {
      cohort.put("is_dynamic", spec.id() % 4 == 0);
    }
    cohort.put("created", CREATED.format(spec.created()));
    cohort.put("project_id", projectId);
    return Collections.unmodifiableMap(cohort);
  }

  /** The members of {@code spec} before any deletion: profiled ones first, in profile order. */
  static List<String> members(EmulatedProject project, CohortSpec spec, ProfileGenerator profiles) {
    int size = spec.size();
    int withoutProfile = size >= 2 ? Math.max(1, size / 10) : 0;
    int withProfile = Math.min(size - withoutProfile, project.profileCount());
    withoutProfile = size - withProfile;
    SplittableRandom random = Seeds.random(project.seed(), project.projectId(), Seeds.MEMBER_DOMAIN, spec.id());
    List<String> members = new ArrayList<>(size);
    for (int index : sample(random, withProfile, project.profileCount())) {
      members.add(profiles.distinctId(index));
    }
    for (int offset : sample(random, withoutProfile, withoutProfile * 2)) {
      members.add(profiles.distinctId(project.profileCount() + offset));
    }
    return Collections.unmodifiableList(members);
  }

  /** {@code count} distinct ints from {@code [0, range)}, ascending (selection sampling). */
  private static int[] sample(SplittableRandom random, int count, int range) {
    int[] chosen = new int[count];
    int picked = 0;
    for (int i = 0; i < range && picked < count; i++) {
      if (random.nextInt(range - i) < count - picked) {
        chosen[picked++] = i;
      }
    }
    return chosen;
  }
}
