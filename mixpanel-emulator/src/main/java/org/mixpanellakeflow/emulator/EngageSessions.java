package org.mixpanellakeflow.emulator;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open engage sessions: the result of a query's page 0, kept so that every page of the session,
 * fetched in any order or concurrently, comes from the same profiles. A session lasts an hour of
 * the emulator's clock; the oldest are dropped beyond {@value #MAX_SESSIONS}. Thread safe.
 */
final class EngageSessions {
  static final long LIFETIME_MS = 3_600_000;
  static final int MAX_SESSIONS = 1_000;

  /** One session: the matching distinct ids in served order, and the profiles as of page 0. */
  record Session(String id, long projectId, String fingerprint, ProfileStore.Snapshot profiles, List<String> ids,
      long createdMs) {}

  private final Clock clock;
  private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
      return size() > MAX_SESSIONS;
    }
  };
  private long counter;

  EngageSessions(Clock clock) {
    this.clock = clock;
  }

  synchronized Session open(long projectId, String fingerprint, ProfileStore.Snapshot profiles, List<String> ids) {
    long now = clock.millis();
    String id = Math.floorDiv(now, 1000L) + "-" + Long.toHexString(Seeds.random(projectId, ++counter, 0, 0).nextLong());
    Session session = new Session(id, projectId, fingerprint, profiles, List.copyOf(ids), now);
    sessions.put(id, session);
    return session;
  }

  /** The live session of that id for the project, or null when unknown or expired. */
  synchronized Session find(String id, long projectId) {
    Session session = sessions.get(id);
    if (session == null || session.projectId() != projectId) {
      return null;
    }
    if (clock.millis() - session.createdMs() > LIFETIME_MS) {
      sessions.remove(id);
      return null;
    }
    return session;
  }
}
