package org.mixpanellakeflow.emulator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data of one project that can change while the emulator runs: imported events, identity
 * merges and deletions, profiles; plus the generators behind them. Thread safe.
 */
final class ProjectData {
  private final EmulatedProject project;
  private final DataSettings settings;
  private final EventGenerator events;
  private final ProfileGenerator profileGenerator;
  private final ImportedEvents imported = new ImportedEvents();
  private final IdentityLedger identities = new IdentityLedger();
  private final ProfileStore profiles;
  private final List<CohortSpec> cohorts;
  private final Map<Long, List<String>> members = new ConcurrentHashMap<>();

  ProjectData(EmulatedProject project, DataSettings settings, List<CohortSpec> configuredCohorts) {
    this.project = project;
    this.settings = settings;
    this.events = new EventGenerator(project, settings);
    this.profileGenerator = new ProfileGenerator(project);
    this.profiles = new ProfileStore(profileGenerator, project.profileCount());
    this.cohorts = CohortGenerator.specs(project, configuredCohorts);
  }

  /** Lazily, the events of {@code from..to} as served when the clock reads {@code asOfMs}. */
  Iterator<EventRecord> events(LocalDate from, LocalDate to, long asOfMs) {
    return new EventStream(events, imported, identities.at(asOfMs), from, to, asOfMs,
        settings.exportVisibilityDelayMs());
  }

  DataSettings settings() {
    return settings;
  }

  ImportedEvents imported() {
    return imported;
  }

  IdentityLedger identities() {
    return identities;
  }

  ProfileStore profiles() {
    return profiles;
  }

  List<CohortSpec> cohorts() {
    return cohorts;
  }

  CohortSpec cohort(long cohortId) {
    for (CohortSpec spec : cohorts) {
      if (spec.id() == cohortId) {
        return spec;
      }
    }
    return null;
  }

  /** The cohorts/list entries now, with current member counts. */
  List<Map<String, Object>> cohortList() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (CohortSpec spec : cohorts) {
      list.add(CohortGenerator.listEntry(spec, project.projectId(), members(spec, Long.MAX_VALUE).size()));
    }
    return Collections.unmodifiableList(list);
  }

  /** The current members of cohort {@code cohortId}; fails naming the cohorts there are. */
  List<String> currentMembers(long cohortId) {
    CohortSpec spec = cohort(cohortId);
    if (spec == null) {
      throw new IllegalArgumentException("Project " + project.projectId() + " has no cohort " + cohortId
          + "; its cohorts are " + cohorts.stream().map(CohortSpec::id).toList());
    }
    return List.copyOf(members(spec, Long.MAX_VALUE));
  }

  /** Every profile now, in served order, as engage serves them. */
  List<Map<String, Object>> profileList() {
    ProfileStore.Snapshot snapshot = profiles.snapshot();
    List<Map<String, Object>> list = new ArrayList<>();
    for (String id : snapshot.distinctIds()) {
      Map<String, Object> profile = new LinkedHashMap<>();
      profile.put("$distinct_id", id);
      profile.put("$properties", ExactJson.plain(snapshot.properties(id)));
      list.add(Collections.unmodifiableMap(profile));
    }
    return Collections.unmodifiableList(list);
  }

  /** The members of a cohort at {@code asOfMs}: users deleted by then are gone. */
  List<String> members(CohortSpec spec, long asOfMs) {
    List<String> base = members.computeIfAbsent(spec.id(), id -> CohortGenerator.members(project, spec, profileGenerator));
    IdentityLedger.View view = identities.at(asOfMs);
    List<String> current = new ArrayList<>(base.size());
    for (String id : base) {
      if (!view.isDeleted(id)) {
        current.add(id);
      }
    }
    return current;
  }
}
