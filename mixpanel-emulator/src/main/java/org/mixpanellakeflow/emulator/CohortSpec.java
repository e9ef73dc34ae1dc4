package org.mixpanellakeflow.emulator;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A saved cohort: what cohorts/list shows of it, and how many members it is generated with.
 *
 * @param id the cohort id
 * @param name the display name
 * @param description may be empty, as in Mixpanel
 * @param visible whether {@code is_visible} is 1
 * @param created when it was created, shown as {@code YYYY-MM-DD HH:MM:SS}
 * @param size members before any user deletion, about a tenth of them without a profile
 */
record CohortSpec(long id, String name, String description, boolean visible, LocalDateTime created, int size) {
  CohortSpec {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(description, "description is null");
    Objects.requireNonNull(created, "created is null");
    if (size < 0) {
      throw new IllegalArgumentException("Invalid cohort size " + size + ": use 0 or more");
    }
  }
}
