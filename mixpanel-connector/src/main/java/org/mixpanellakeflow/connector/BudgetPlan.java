package org.mixpanellakeflow.connector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mixpanellakeflow.client.BudgetShare;
import org.mixpanellakeflow.client.RequestBudget;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * How the driver splits a project's request budget among the partitions of one batch, which run
 * in executor JVMs that cannot coordinate: each partition gets a lane ({@link BudgetShare}) with
 * its own hourly share, the earlier requests it must count, and its own per-second slots. The
 * shares add up to the budget, so the partitions together stay within Mixpanel's limits whatever
 * order and pace they run at; a planner never makes more lanes than requests may run at once or
 * than the hour allows. The lane travels in the partition map.
 */
final class BudgetPlan {

  static final String LANE = "budget_lane";
  static final String LANES = "budget_lanes";
  static final String HOURLY = "budget_hourly";
  static final String PRIOR = "budget_prior";

  private static final Duration HOUR = Duration.ofHours(1);

  private BudgetPlan() {}

  /** The most partitions one batch may have so that each gets a usable lane of {@code budget}. */
  static int maxLanes(RequestBudget budget) {
    int lanes = Integer.MAX_VALUE;
    if (budget.perHour() > 0) {
      lanes = budget.perHour();
    }
    if (budget.concurrent() > 0) {
      lanes = Math.min(lanes, budget.concurrent());
    }
    return lanes;
  }

  /** The rolling hour on the budget's (possibly scaled) clock. */
  static Duration hour(double timeScale) {
    return Duration.ofNanos((long) (HOUR.toNanos() / timeScale));
  }

  /**
   * The partitions with a lane each: hourly shares as equal as can be, adding up to the budget's
   * hour, and the ledger's requests dealt out one by one so each lane counts some of them.
   *
   * @throws IllegalArgumentException when there are more partitions than {@link #maxLanes}
   */
  static List<Map<String, Object>> assign(
      List<Map<String, Object>> partitions, RequestBudget budget, RequestLedger spent) {
    int lanes = partitions.size();
    if (lanes == 0) {
      return partitions;
    }
    if (lanes > maxLanes(budget)) {
      throw new IllegalArgumentException(
          lanes + " partitions exceed the " + maxLanes(budget) + " lanes of budget " + budget);
    }
    List<List<Long>> prior = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      prior.add(new ArrayList<>());
    }
    List<Long> starts = spent.starts();
    for (int i = 0; i < starts.size(); i++) {
      // newest first, so the requests that stay in the window longest are spread evenly
      prior.get(i % lanes).add(starts.get(starts.size() - 1 - i));
    }
    List<Map<String, Object>> assigned = new ArrayList<>(lanes);
    for (int lane = 0; lane < lanes; lane++) {
      Map<String, Object> partition = new LinkedHashMap<>(partitions.get(lane));
      partition.put(LANE, (long) lane);
      partition.put(LANES, (long) lanes);
      partition.put(HOURLY, (long) hourlyShare(budget, lane, lanes));
      partition.put(PRIOR, RequestLedger.encode(prior.get(lane)));
      assigned.add(partition);
    }
    return assigned;
  }

  /** The lane a partition was given, or the whole budget for a partition planned without one. */
  static BudgetShare shareOf(Map<String, Object> partition) {
    if (!partition.containsKey(LANE)) {
      return BudgetShare.whole();
    }
    try {
      return new BudgetShare(
          ((Number) partition.get(LANE)).intValue(),
          ((Number) partition.get(LANES)).intValue(),
          (int) Math.min(Integer.MAX_VALUE, ((Number) partition.get(HOURLY)).longValue()),
          RequestLedger.decode(partition.get(PRIOR)).starts());
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new LakeflowException("Malformed budget lane in partition " + partition, e);
    }
  }

  private static int hourlyShare(RequestBudget budget, int lane, int lanes) {
    if (budget.perHour() == 0) {
      return Integer.MAX_VALUE;
    }
    return budget.perHour() / lanes + (lane < budget.perHour() % lanes ? 1 : 0);
  }
}
