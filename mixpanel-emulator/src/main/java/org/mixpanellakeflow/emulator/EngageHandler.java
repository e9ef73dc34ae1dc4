package org.mixpanellakeflow.emulator;

import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/query/engage} and {@code /api/2.0/engage}: user profiles, paged by {@code
 * session_id} + {@code page}. Page 0 without a session evaluates the query once and opens a
 * session holding the matching ids and the profiles as they were; later pages only slice it, so
 * they may come in any order, concurrently, and see no later change. {@code total} is on page 0
 * only; a page past the end has no results.
 */
final class EngageHandler implements EndpointHandler {
  private final EmulatorContext context;

  EngageHandler(EmulatorContext context) {
    this.context = context;
  }

  @Override
  public void handle(EmulatorExchange exchange, EmulatedProject project) throws IOException {
    EngageRequest request = EngageRequest.parse(exchange, context.engagePageSizeCap());
    EngageSessions.Session session = session(request, project);
    int from = (int) Math.min((long) request.page() * request.pageSize(), session.ids().size());
    int to = (int) Math.min((long) from + request.pageSize(), session.ids().size());
    List<Map<String, Object>> results = new ArrayList<>(to - from);
    for (String id : session.ids().subList(from, to)) {
      results.add(render(id, session.profiles().properties(id), request.outputProperties()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("page", request.page());
    body.put("page_size", request.pageSize());
    body.put("session_id", session.id());
    body.put("status", "ok");
    if (request.page() == 0) {
      body.put("total", session.ids().size());
    }
    body.put("results", results);
    exchange.respondJson(200, body);
  }

  private EngageSessions.Session session(EngageRequest request, EmulatedProject project) {
    if (request.sessionId() != null) {
      EngageSessions.Session session = context.sessions().find(request.sessionId(), project.projectId());
      if (session == null) {
        throw ApiException.badRequest("Unknown or expired session_id '" + request.sessionId()
            + "'; start again from page 0 without a session_id");
      }
      if (!session.fingerprint().equals(request.fingerprint())) {
        throw ApiException.badRequest("The query differs from the one that opened session " + request.sessionId()
            + "; keep where, filter_by_cohort, include_all_users, distinct_id(s) and page_size the same on every page");
      }
      return session;
    }
    if (request.page() > 0) {
      throw ApiException.badRequest(
          "session_id is required when page > 0; pass the session_id returned with page 0");
    }
    ProfileStore.Snapshot profiles = project.data().profiles().snapshot();
    return context.sessions().open(project.projectId(), request.fingerprint(), profiles,
        matching(request, project, profiles));
  }

  private List<String> matching(EngageRequest request, EmulatedProject project, ProfileStore.Snapshot profiles) {
    List<String> candidates;
    boolean withoutProfile = false;
    if (request.cohortId() != null) {
      CohortSpec cohort = project.data().cohort(request.cohortId());
      if (cohort == null) {
        throw ApiException.badRequest("filter_by_cohort names cohort " + request.cohortId()
            + ", which project " + project.projectId() + " does not have; list cohorts with cohorts/list");
      }
      candidates = project.data().members(cohort, context.clock().millis());
      withoutProfile = request.includeAllUsers();
      if (request.distinctIds() != null) {
        Set<String> wanted = new LinkedHashSet<>(request.distinctIds());
        candidates = candidates.stream().filter(wanted::contains).toList();
      }
    } else if (request.distinctIds() != null) {
      candidates = List.copyOf(new LinkedHashSet<>(request.distinctIds()));
    } else {
      candidates = profiles.distinctIds();
    }
    ZoneId zone = project.timezone();
    List<String> matches = new ArrayList<>();
    for (String id : candidates) {
      Map<String, Object> properties = profiles.properties(id);
      if (properties == null) {
        if (!withoutProfile) {
          continue;
        }
        properties = Map.of();
      }
      if (request.where() == null || request.where().matches(scope(properties, zone))) {
        matches.add(id);
      }
    }
    return matches;
  }

  private static Map<String, Object> render(String id, Map<String, Object> properties, List<String> output) {
    Map<String, Object> shown = new LinkedHashMap<>();
    if (properties != null) {
      if (output == null) {
        shown.putAll(properties);
      } else {
        for (String name : output) {
          if (properties.containsKey(name)) {
            shown.put(name, properties.get(name));
          }
        }
      }
    }
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("$distinct_id", id);
    profile.put("$properties", shown);
    return profile;
  }

  static WhereExpression.Scope scope(Map<String, Object> properties, ZoneId zone) {
    return new WhereExpression.Scope() {
      @Override
      public Object property(String name) {
        return properties.containsKey(name) ? WhereValues.fromData(properties.get(name)) : WhereValues.UNDEFINED;
      }

      @Override
      public ZoneId zone() {
        return zone;
      }
    };
  }
}
