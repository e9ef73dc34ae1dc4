package org.mixpanellakeflow.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces requests before they are sent so that a project stays inside Mixpanel's limits; {@link
 * RetryPolicy} reacts after a failure instead. One {@link SharedBudget} per (host, project, API
 * family) lives in a JVM-wide registry, so every client of the same project draws from it, while
 * each client waits with its own clock and sleeper. Thread safe.
 *
 * <p>The first wait of a budget is logged at INFO with its reason, later ones at DEBUG.
 */
final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  /** Budgets are per project and family, never released: a JVM talks to few projects. */
  private static final ConcurrentMap<Key, SharedBudget> BUDGETS = new ConcurrentHashMap<>();

  /** Mixpanel limits each API family separately. */
  enum Family {
    EXPORT,
    QUERY;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether a request counts toward the rolling-hour limit; it always takes a concurrent slot. */
  enum Cost {
    COUNTED,
    /** Engage pages after the first, which Mixpanel support says the hourly limit ignores. */
    CONCURRENCY_ONLY
  }

  /**
   * @param project the project id, or a digest of the project secret that identifies it
   */
  record Key(String host, String project, Family family) {
    Key {
      Objects.requireNonNull(host, "host is null");
      Objects.requireNonNull(project, "project is null");
      Objects.requireNonNull(family, "family is null");
    }
  }

  /** A slot taken from the budget; closing it ends the request's concurrent slot. Idempotent. */
  static final class Permit implements AutoCloseable {
    private static final Permit FREE = new Permit(null, Duration.ZERO);

    private final SharedBudget budget;
    private final Duration waited;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Permit(SharedBudget budget, Duration waited) {
      this.budget = budget;
      this.waited = waited;
    }

    /** Time spent waiting for this slot. */
    Duration waited() {
      return waited;
    }

    @Override
    public void close() {
      if (budget != null && closed.compareAndSet(false, true)) {
        budget.release();
      }
    }
  }

  private final SharedBudget budget;
  private final Clock clock;
  private final Sleeper sleeper;

  RateLimiter(SharedBudget budget, Clock clock, Sleeper sleeper) {
    this.budget = budget;
    this.clock = Objects.requireNonNull(clock, "clock is null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper is null");
  }

  /**
   * The limiter for one family of the configured project: shared with every other client of the JVM
   * that names the same host and project, or one that never waits for an unlimited budget.
   */
  static RateLimiter forProject(
      Family family, MixpanelClientConfig config, Clock clock, Sleeper sleeper) {
    RequestBudget wanted = family == Family.EXPORT ? config.exportBudget() : config.queryBudget();
    if (wanted.isUnlimited()) {
      return new RateLimiter(null, clock, sleeper);
    }
    URI base = family == Family.EXPORT ? config.exportBaseUri() : config.queryBaseUri();
    String host = base.getRawAuthority().toLowerCase(Locale.ROOT);
    Key key =
        new Key(
            host,
            config.projectId() != null
                ? config.projectId().toString()
                : "secret-" + digest(config.credentials().secret()),
            family);
    String project =
        config.projectId() != null ? "project " + config.projectId() : "the api_secret's project";
    SharedBudget shared =
        BUDGETS.computeIfAbsent(
            key,
            k ->
                new SharedBudget(
                    "Mixpanel " + family.label() + " budget of " + project + " at " + host,
                    wanted));
    if (!shared.budget().equals(wanted)) {
      LOG.warn(
          "{} is already {} in this JVM; keeping it and ignoring {} from a later client",
          shared.name(),
          shared.budget(),
          wanted);
    }
    return new RateLimiter(shared, clock, sleeper);
  }

  /** The budget this limiter draws from, {@code null} when unlimited. */
  SharedBudget sharedBudget() {
    return budget;
  }

  /**
   * Waits until the budget has room, then takes a slot. The caller must close the permit when the
   * request is over, the response body included.
   */
  Permit acquire(Cost cost) throws InterruptedException {
    if (budget == null) {
      return Permit.FREE;
    }
    // a fixed clock in tests never moves; counting slept time keeps such a loop from spinning
    Instant sleptUntil = clock.instant();
    Duration waited = Duration.ZERO;
    while (true) {
      SharedBudget.Wait wait = budget.tryTake(latest(clock.instant(), sleptUntil), cost);
      if (wait == null) {
        return new Permit(budget, waited);
      }
      if (wait.duration() == null) {
        log("{}: {}; waiting for one to finish", budget.name(), wait.reason());
        Instant before = clock.instant();
        budget.awaitRoom();
        waited = waited.plus(Duration.between(before, clock.instant()));
      } else {
        log(
            "{}: {}; waiting {} until {}",
            budget.name(),
            wait.reason(),
            describe(wait.duration()),
            wait.until());
        sleeper.sleep(wait.duration());
        waited = waited.plus(wait.duration());
        sleptUntil = wait.until();
      }
    }
  }

  /**
   * After a 429: no request of this budget, from any client, starts before {@code delay} has
   * passed.
   */
  void backOff(Duration delay) {
    if (budget != null) {
      budget.blockUntil(clock.instant().plus(delay));
    }
  }

  /** Human wait for log lines: {@code 250ms}, {@code 30s}, {@code 12m}, {@code 1h 5m 3s}. */
  static String describe(Duration duration) {
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toMillis() + "ms";
    }
    // rounded up so that a wait never reads shorter than it is
    long seconds = duration.plusNanos(999_999_999L).getSeconds();
    StringBuilder text = new StringBuilder();
    append(text, seconds / 3600, "h");
    append(text, seconds % 3600 / 60, "m");
    append(text, seconds % 60, "s");
    return text.toString();
  }

  private void log(String format, Object... arguments) {
    if (budget.isFirstWait()) {
      LOG.info(format + " (later waits are logged at DEBUG)", arguments);
    } else {
      LOG.debug(format, arguments);
    }
  }

  private static void append(StringBuilder text, long value, String unit) {
    if (value > 0) {
      text.append(text.length() == 0 ? "" : " ").append(value).append(unit);
    }
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** Identifies a secret-authenticated project without keeping the secret in the registry. */
  private static String digest(String secret) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256, which every Java 17 ships", e);
    }
  }
}
