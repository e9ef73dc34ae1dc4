package org.mixpanellakeflow.connector;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.client.ApiFamily;
import org.mixpanellakeflow.client.BudgetShare;
import org.mixpanellakeflow.client.MixpanelClient;
import org.mixpanellakeflow.client.RequestBudget;

/**
 * What a table needs to plan and read: the options, a client built on first use, a "now" frozen
 * the first time it is asked for (so one {@code Trigger.AvailableNow} run converges), and what the
 * driver learned from the partitions it planned ({@link #learn}). Not thread safe; one per
 * connector instance. Nothing here is shared between instances or JVMs: what must outlive the
 * instance travels in offsets.
 */
final class ReadContext implements AutoCloseable {

  /** Report key: the most events a whole day held, in the whole-day requests of a partition. */
  static final String REPORT_EVENTS_PER_DAY = "events_per_day";
  /** Report keys: a partition's counted request starts per API family. */
  static final String REPORT_EXPORT_STARTS = "export_starts";
  static final String REPORT_QUERY_STARTS = "query_starts";

  private final MixpanelConnectorConf conf;
  private final Clock clock;
  private Instant frozenNow;
  private MixpanelClient client;
  private double learnedEventsPerDay;
  private final List<Long> learnedExport = new ArrayList<>();
  private final List<Long> learnedQuery = new ArrayList<>();

  ReadContext(MixpanelConnectorConf conf, Clock clock) {
    this.conf = Objects.requireNonNull(conf, "conf is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  MixpanelConnectorConf conf() {
    return conf;
  }

  /** The instant reads are planned against, frozen on first use. */
  Instant now() {
    if (frozenNow == null) {
      frozenNow = clock.instant();
    }
    return frozenNow;
  }

  /** The clock as it runs, for budgets, which live in real time. */
  Instant liveNow() {
    return clock.instant();
  }

  /** The wall clock, for stamping rows as they are read. */
  long readTimeMillis() {
    return clock.millis();
  }

  /**
   * The last day Mixpanel accepts as {@code to_date} for this project. Mixpanel judges "today"
   * in UTC for projects created from 2023 and in the project timezone before; the earlier of the
   * two is safe for both, whatever the machine's clock zone.
   */
  LocalDate today() {
    Instant now = now();
    LocalDate inProjectZone = LocalDate.ofInstant(now, conf.projectTimezone());
    LocalDate inUtc = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return inProjectZone.isBefore(inUtc) ? inProjectZone : inUtc;
  }

  /** The driver's own client, with the whole budget (its requests join the ledgers). */
  MixpanelClient client() {
    if (client == null) {
      client = MixpanelClient.create(conf.clientConfig());
    }
    return client;
  }

  /**
   * A new client for one partition, within the lane the driver gave it (see {@link BudgetPlan});
   * the caller closes it.
   */
  MixpanelClient clientFor(Map<String, Object> partition, ApiFamily family) {
    BudgetShare share = BudgetPlan.shareOf(partition);
    BudgetShare whole = BudgetShare.whole();
    return MixpanelClient.create(
        family == ApiFamily.EXPORT
            ? conf.clientConfig(share, whole)
            : conf.clientConfig(whole, share));
  }

  /** The project's limits for one family, as the clients apply them. */
  RequestBudget budget(ApiFamily family) {
    return family == ApiFamily.EXPORT ? conf.clientConfig().exportBudget() : conf.clientConfig().queryBudget();
  }

  /** What reports taught this instance, folded idempotently (a maximum and sets). */
  void learn(List<Map<String, Object>> reports) {
    for (Map<String, Object> report : reports) {
      if (report.get(REPORT_EVENTS_PER_DAY) instanceof Number perDay) {
        learnedEventsPerDay = Math.max(learnedEventsPerDay, perDay.doubleValue());
      }
      learnedExport.addAll(RequestLedger.decode(report.get(REPORT_EXPORT_STARTS)).starts());
      learnedQuery.addAll(RequestLedger.decode(report.get(REPORT_QUERY_STARTS)).starts());
    }
  }

  /** Events a day seen by the partitions read so far through this instance; 0 when none. */
  double learnedEventsPerDay() {
    return learnedEventsPerDay;
  }

  /**
   * {@code earlier} plus what this instance learned of {@code family}'s requests, its own
   * included, within the budget's rolling hour; empty for a budget without an hourly limit.
   */
  RequestLedger ledger(ApiFamily family, RequestLedger earlier) {
    if (budget(family).perHour() == 0) {
      return RequestLedger.EMPTY; // no hourly limit to plan for
    }
    List<Long> known = new ArrayList<>(family == ApiFamily.EXPORT ? learnedExport : learnedQuery);
    if (client != null) {
      known.addAll(client.countedRequestStarts(family));
    }
    return earlier.with(known).within(liveNow(), BudgetPlan.hour(conf.http().rateLimitTimeScale()));
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
