package org.mixpanellakeflow.client;

import java.util.List;
import java.util.Objects;

/**
 * The part of a project's {@link RequestBudget} one client may use, so that clients in different
 * JVMs (Spark executors) that cannot talk to each other still stay inside Mixpanel's limits
 * together. A planner (the Spark driver) gives each of {@code lanes} clients its own lane and an
 * hourly share, with the shares adding up to at most the budget's hourly limit:
 *
 * <ul>
 *   <li><b>Per second:</b> time is cut into slots of {@code 1.15 s / (2 * perSecond - 1)}; lane
 *       {@code i} starts at most one request in each slot {@code n} with {@code n = 2i (mod
 *       2 * lanes)}. Two starts of any lanes are then at least one empty slot apart, so no rolling
 *       second holds more than {@code perSecond} of them, whoever started them.
 *   <li><b>Per hour:</b> at most {@code hourlyLimit} starts in any rolling hour, counting {@code
 *       priorStartsMs}: the earlier requests (by anyone) that the planner assigned to this lane.
 *       Shares and assigned prior requests add up, so the lanes together stay within the hour.
 *   <li><b>Concurrency:</b> a planner gives no more lanes than requests may run at once.
 * </ul>
 *
 * @param lane this client's lane, from 0
 * @param lanes how many lanes the planner gave out
 * @param hourlyLimit starts this lane may make in any rolling hour, at least 1; capped by the
 *     budget's own hourly limit
 * @param priorStartsMs epoch milliseconds of earlier requests counted against this lane's hour
 */
public record BudgetShare(int lane, int lanes, int hourlyLimit, List<Long> priorStartsMs) {

  public BudgetShare {
    if (lanes < 1 || lane < 0 || lane >= lanes) {
      throw new IllegalArgumentException(
          "Invalid budget lane " + lane + " of " + lanes + ": expected 0 <= lane < lanes");
    }
    if (hourlyLimit < 1) {
      throw new IllegalArgumentException(
          "Invalid hourly share " + hourlyLimit + ": a lane needs at least one request an hour");
    }
    priorStartsMs = List.copyOf(Objects.requireNonNull(priorStartsMs, "priorStartsMs is null"));
  }

  /** The whole budget for one client that knows of no earlier requests. */
  public static BudgetShare whole() {
    return new BudgetShare(0, 1, Integer.MAX_VALUE, List.of());
  }
}
