package org.mixpanellakeflow.client;

/**
 * How many requests of one API family (raw export, or the Query API) a project may send. Every
 * {@link MixpanelClient} of the JVM aimed at the same host and project draws from one budget, and
 * requests wait for room instead of failing. Zero means no limit for that dimension.
 *
 * @param perHour requests started in any rolling hour
 * @param perSecond requests started in any rolling second
 * @param concurrent requests in flight at once; an export counts until its stream is closed
 */
public record RequestBudget(int perHour, int perSecond, int concurrent) {

  public RequestBudget {
    requireNotNegative(perHour, "perHour");
    requireNotNegative(perSecond, "perSecond");
    requireNotNegative(concurrent, "concurrent");
  }

  /** Mixpanel's documented raw export limit: 60 per hour, 3 per second, 100 concurrent. */
  public static RequestBudget exportDefault() {
    return new RequestBudget(60, 3, 100);
  }

  /** Mixpanel's documented Query API limit (engage, cohorts): 60 per hour, 5 concurrent. */
  public static RequestBudget queryDefault() {
    return new RequestBudget(60, 0, 5);
  }

  /** No pacing at all, e.g. for a local emulator. */
  public static RequestBudget unlimited() {
    return new RequestBudget(0, 0, 0);
  }

  public boolean isUnlimited() {
    return perHour == 0 && perSecond == 0 && concurrent == 0;
  }

  private static void requireNotNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "Invalid request budget " + name + " " + value + ": expected 0 (no limit) or more");
    }
  }
}
