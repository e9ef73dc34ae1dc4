package org.mixpanellakeflow.emulator;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What every endpoint of one emulator shares, across its regional servers.
 *
 * @param clock the emulator's "now"
 * @param projects every project served, in every region
 * @param log the request log
 * @param faults the scripted faults
 * @param limiter the rate limiter, or null when requests are not limited
 * @param sessions open engage sessions
 * @param engagePageSizeCap the largest engage {@code page_size} honoured
 */
record EmulatorContext(
    Clock clock,
    List<EmulatedProject> projects,
    RequestLog log,
    FaultScript faults,
    RateLimiter limiter,
    EngageSessions sessions,
    int engagePageSizeCap) {
  EmulatorContext {
    Objects.requireNonNull(clock, "clock is null");
    projects = List.copyOf(projects);
    Objects.requireNonNull(log, "log is null");
    Objects.requireNonNull(faults, "faults is null");
    Objects.requireNonNull(sessions, "sessions is null");
  }

  /** The project whose token this is, or null. */
  EmulatedProject projectByToken(String token) {
    if (token == null) {
      return null;
    }
    for (EmulatedProject project : projects) {
      if (project.acceptsToken(token)) {
        return project;
      }
    }
    return null;
  }

  EmulatedProject project(long projectId) {
    for (EmulatedProject project : projects) {
      if (project.projectId() == projectId) {
        return project;
      }
    }
    throw new IllegalArgumentException("The emulator serves no project " + projectId + "; it serves "
        + projects.stream().map(EmulatedProject::projectId).toList());
  }
}
