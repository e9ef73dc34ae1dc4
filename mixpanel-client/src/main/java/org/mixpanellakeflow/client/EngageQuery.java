package org.mixpanellakeflow.client;

import java.util.List;

/**
 * Which profiles an engage call returns. Keep the query identical across the pages of one session.
 *
 * @param where a selector over profile properties, or {@code null}
 * @param cohortId only members of this saved cohort ({@code filter_by_cohort}), or {@code null}
 * @param includeAllUsers with a cohort: {@code true} (Mixpanel's default) also returns members
 *     without a profile, {@code false} only members with one; {@code null} sends nothing
 * @param outputProperties property names to return; empty means all
 * @param pageSize requested page size, or {@code null} for Mixpanel's default (1000)
 */
public record EngageQuery(
    String where,
    Long cohortId,
    Boolean includeAllUsers,
    List<String> outputProperties,
    Integer pageSize) {

  public EngageQuery {
    if (where != null && where.isBlank()) {
      where = null;
    }
    outputProperties = outputProperties == null ? List.of() : List.copyOf(outputProperties);
    if (includeAllUsers != null && cohortId == null) {
      throw new IllegalArgumentException(
          "Cannot set includeAllUsers without cohortId: Mixpanel only applies include_all_users"
              + " together with filter_by_cohort");
    }
    if (pageSize != null && pageSize < 1) {
      throw new IllegalArgumentException(
          "Invalid engage page size " + pageSize + ": expected a positive integer");
    }
  }

  /** Every user profile of the project. */
  public static EngageQuery allProfiles() {
    return new EngageQuery(null, null, null, List.of(), null);
  }

  /** Every member of a saved cohort, with or without a profile (Mixpanel's default). */
  public static EngageQuery cohortMembers(long cohortId) {
    return new EngageQuery(null, cohortId, null, List.of(), null);
  }

  public EngageQuery withWhere(String newWhere) {
    return new EngageQuery(newWhere, cohortId, includeAllUsers, outputProperties, pageSize);
  }

  public EngageQuery withOutputProperties(List<String> newOutputProperties) {
    return new EngageQuery(where, cohortId, includeAllUsers, newOutputProperties, pageSize);
  }

  public EngageQuery withPageSize(int newPageSize) {
    return new EngageQuery(where, cohortId, includeAllUsers, outputProperties, newPageSize);
  }

  /** Restricts a cohort query to members that have a profile ({@code include_all_users=false}). */
  public EngageQuery withProfilesOnly() {
    return new EngageQuery(where, cohortId, false, outputProperties, pageSize);
  }
}
