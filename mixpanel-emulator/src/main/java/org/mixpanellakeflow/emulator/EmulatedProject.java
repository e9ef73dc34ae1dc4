package org.mixpanellakeflow.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One Mixpanel project served by the emulator: its credentials, its timezone rules and its
 * generated data.
 *
 * <p>Generated data is a pure function of (seed, project id, day, index). On top of it the
 * project keeps what arrives while the emulator runs: imported events, profile updates, identity
 * merges and user deletions. The ground-truth methods ({@link #events}, {@link #profiles},
 * {@link #cohorts}, {@link #cohortMembers}) compute, without HTTP, exactly what the endpoints
 * serve, with numbers as Jackson with longs for integers parses the served bytes ({@code Long},
 * {@code BigInteger} past a long, {@code Double} with a fraction or exponent), so a body parsed
 * that way equals its ground-truth map.
 *
 * <p>Its configuration is immutable; its data changes only through an emulator serving it, so
 * give each emulator that ingests data a project of its own. Thread safe. {@link #toString}
 * never shows secrets.
 */
public final class EmulatedProject {
  /** Mixpanel interprets export dates as UTC days for projects created on or after this day. */
  static final LocalDate UTC_DAYS_SINCE = LocalDate.of(2023, 1, 1);

  private final long projectId;
  private final String apiSecret;
  private final Set<ServiceAccount> serviceAccounts;
  private final ZoneId timezone;
  private final LocalDate createdOn;
  private final long seed;
  private final int eventsPerDay;
  private final LocalDate firstEventDay;
  private final LocalDate lastEventDay;
  private final int cohortCount;
  private final int profileCount;
  private final String token;
  private final DataRegion region;
  private final ProjectData data;

  private EmulatedProject(Builder builder) {
    this.projectId = builder.projectId;
    this.apiSecret = builder.apiSecret;
    this.serviceAccounts = Set.copyOf(builder.serviceAccounts);
    this.timezone = builder.timezone;
    this.createdOn = builder.createdOn;
    this.seed = builder.seed;
    this.eventsPerDay = builder.eventsPerDay;
    this.firstEventDay = builder.firstEventDay != null ? builder.firstEventDay : builder.createdOn;
    this.lastEventDay = builder.lastEventDay != null ? builder.lastEventDay : LocalDate.MAX;
    this.cohortCount = builder.cohortCount;
    this.profileCount = builder.profileCount;
    this.region = builder.region;
    this.token = builder.token != null ? builder.token : Seeds.hex(seed, projectId, Seeds.TOKEN_DOMAIN);
    this.data = new ProjectData(this, builder.settings, builder.cohorts.specs(builder.createdOn));
  }

  public static Builder builder(long projectId) {
    return new Builder(projectId);
  }

  public long projectId() {
    return projectId;
  }

  /** The project API secret, if the project accepts secret auth. */
  public Optional<String> apiSecret() {
    return Optional.ofNullable(apiSecret);
  }

  public ZoneId timezone() {
    return timezone;
  }

  public LocalDate createdOn() {
    return createdOn;
  }

  public long seed() {
    return seed;
  }

  public int eventsPerDay() {
    return eventsPerDay;
  }

  public LocalDate firstEventDay() {
    return firstEventDay;
  }

  /** The last day with events; {@link LocalDate#MAX} means every day up to the clock's now. */
  public LocalDate lastEventDay() {
    return lastEventDay;
  }

  /** Generated cohorts (ids from 1000); cohorts added with {@link Builder#cohort} come on top. */
  public int cohortCount() {
    return cohortCount;
  }

  /** Generated user profiles. */
  public int profileCount() {
    return profileCount;
  }

  /** The project token, which the ingestion APIs take; not a secret in Mixpanel. */
  public String token() {
    return token;
  }

  public DataRegion region() {
    return region;
  }

  /**
   * The zone whose days {@code from_date}/{@code to_date} name: UTC for projects created on or
   * after 2023-01-01, the project timezone for older ones.
   */
  public ZoneId dayZone() {
    return usesUtcDays() ? ZoneOffset.UTC : timezone;
  }

  /**
   * The events export serves for {@code from..to} (inclusive days in {@link #dayZone()}) when
   * the clock reads {@code asOf}, with {@code properties.time} in milliseconds, in served order:
   * per day the generated events, then the imported ones, each once {@code asOf} reaches its
   * processing time plus the {@link Builder#exportVisibilityDelay export visibility delay}, with
   * the identity merges and user deletions made by {@code asOf} applied.
   */
  public List<Map<String, Object>> events(LocalDate from, LocalDate to, Instant asOf) {
    Objects.requireNonNull(from, "from is null");
    Objects.requireNonNull(to, "to is null");
    Objects.requireNonNull(asOf, "asOf is null");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException(
          "Cannot list events from " + from + " to " + to + ": from is after to; swap them");
    }
    List<Map<String, Object>> events = new ArrayList<>();
    data.events(from, to, asOf.toEpochMilli())
        .forEachRemaining(record -> events.add(ExactJson.plain(record.event())));
    return events;
  }

  /** The cohorts the cohorts-list endpoints serve now, in served order. */
  public List<Map<String, Object>> cohorts() {
    return data.cohortList();
  }

  /**
   * The distinct ids in a cohort now, in the order engage serves them with {@code
   * filter_by_cohort} and {@code include_all_users=true}; some have no profile.
   */
  public List<String> cohortMembers(long cohortId) {
    return data.currentMembers(cohortId);
  }

  /**
   * Every profile now, as engage serves them without filters: {@code $distinct_id} and {@code
   * $properties}, in served order.
   */
  public List<Map<String, Object>> profiles() {
    return data.profileList();
  }

  ProjectData data() {
    return data;
  }

  boolean usesUtcDays() {
    return !createdOn.isBefore(UTC_DAYS_SINCE);
  }

  boolean hasEventsOn(LocalDate day) {
    return !day.isBefore(firstEventDay) && !day.isAfter(lastEventDay);
  }

  /** Lazily, the events of {@code from..to} as served at {@code asOf}, one day at a time. */
  Iterator<EventRecord> eventsBetween(LocalDate from, LocalDate to, Instant asOf) {
    return data.events(from, to, asOf.toEpochMilli());
  }

  /**
   * The {@code time} stored for an event at {@code utcMs}: legacy projects (created before
   * 2023-01-01) store "project-time epochs", the UTC epoch shifted by the project timezone's
   * offset at that instant; newer projects store true UTC.
   */
  long storedTime(long utcMs) {
    if (usesUtcDays()) {
      return utcMs;
    }
    return utcMs + timezone.getRules().getOffset(Instant.ofEpochMilli(utcMs)).getTotalSeconds() * 1000L;
  }

  boolean acceptsToken(String candidate) {
    return Secrets.equal(token, candidate);
  }

  boolean acceptsSecret(String candidate) {
    return apiSecret != null && Secrets.equal(apiSecret, candidate);
  }

  boolean grantsAccessTo(String username, String secret) {
    return serviceAccounts.stream().anyMatch(account -> account.matches(username, secret));
  }

  boolean sharesSecretWith(EmulatedProject other) {
    return apiSecret != null && other.acceptsSecret(apiSecret);
  }

  @Override
  public String toString() {
    return "EmulatedProject[projectId=" + projectId
        + ", timezone=" + timezone
        + ", createdOn=" + createdOn
        + ", seed=" + seed
        + ", eventsPerDay=" + eventsPerDay
        + ", eventDays=" + firstEventDay + ".." + (lastEventDay.equals(LocalDate.MAX) ? "" : lastEventDay)
        + ", cohortCount=" + cohortCount
        + ", profileCount=" + profileCount
        + ", region=" + region
        + ", " + data.settings()
        + ", apiSecret=" + (apiSecret == null ? "none" : "<redacted>")
        + ", serviceAccounts=" + serviceAccounts.size() + "]";
  }

  /** Builds an {@link EmulatedProject}; defaults are listed on each setter. Not thread safe. */
  public static final class Builder {
    private final long projectId;
    private String apiSecret;
    private final Set<ServiceAccount> serviceAccounts = new LinkedHashSet<>();
    private ZoneId timezone = ZoneId.of("US/Pacific");
    private LocalDate createdOn = LocalDate.of(2024, 1, 1);
    private long seed = 42;
    private int eventsPerDay = 100;
    private LocalDate firstEventDay;
    private LocalDate lastEventDay;
    private int cohortCount = 3;
    private int profileCount = 200;
    private final ConfiguredCohorts cohorts = new ConfiguredCohorts();
    private String token;
    private DataRegion region = DataRegion.US;
    private DataSettings settings = DataSettings.DEFAULTS;

    private Builder(long projectId) {
      if (projectId <= 0) {
        throw new IllegalArgumentException(
            "Invalid project id " + projectId + ": Mixpanel project ids are positive integers");
      }
      this.projectId = projectId;
    }

    /** The project API secret (no default: without one, secret auth is refused). */
    public Builder apiSecret(String apiSecret) {
      this.apiSecret = requireText(apiSecret, "apiSecret");
      return this;
    }

    /** Grants a service account access to this project; may be called several times. */
    public Builder serviceAccount(String username, String secret) {
      String user = requireText(username, "service account username");
      if (user.contains(":")) {
        throw new IllegalArgumentException(
            "Invalid service account username: it must not contain ':' (Basic auth splits on it)");
      }
      serviceAccounts.add(new ServiceAccount(user, requireText(secret, "service account secret")));
      return this;
    }

    /** The project timezone; default US/Pacific. */
    public Builder timezone(ZoneId timezone) {
      this.timezone = Objects.requireNonNull(timezone, "timezone is null");
      return this;
    }

    /** The creation day; default 2024-01-01. Before 2023-01-01 the project uses legacy time rules. */
    public Builder createdOn(LocalDate createdOn) {
      this.createdOn = Objects.requireNonNull(createdOn, "createdOn is null");
      return this;
    }

    /** The data seed; default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Events on each event day; default 100. */
    public Builder eventsPerDay(int eventsPerDay) {
      this.eventsPerDay = requireNonNegative(eventsPerDay, "eventsPerDay");
      return this;
    }

    /**
     * The days (in the project's day zone) that have events, both inclusive; default every day
     * from {@code createdOn} on.
     */
    public Builder eventDays(LocalDate first, LocalDate last) {
      Objects.requireNonNull(first, "first event day is null");
      Objects.requireNonNull(last, "last event day is null");
      if (first.isAfter(last)) {
        throw new IllegalArgumentException(
            "Invalid event days " + first + ".." + last + ": the first day is after the last; swap them");
      }
      this.firstEventDay = first;
      this.lastEventDay = last;
      return this;
    }

    /** Saved cohorts in the project; default 3. */
    public Builder cohortCount(int cohortCount) {
      this.cohortCount = requireNonNegative(cohortCount, "cohortCount");
      return this;
    }

    /** Generated user profiles; default 200. Profile {@code i} belongs to event user {@code i}. */
    public Builder profileCount(int profileCount) {
      this.profileCount = requireNonNegative(profileCount, "profileCount");
      return this;
    }

    /**
     * Adds a saved cohort with exactly {@code members} members, about a tenth of them (at least
     * one when there are two or more) without a profile; on top of the generated cohorts.
     */
    public Builder cohort(long id, String name, int members) {
      cohorts.add(id, requireText(name, "cohort name"), members);
      return this;
    }

    /** The project token the ingestion APIs check; default derived from seed and project id. */
    public Builder token(String token) {
      this.token = requireText(token, "token");
      return this;
    }

    /** The data-residency region; default US. */
    public Builder region(DataRegion region) {
      this.region = Objects.requireNonNull(region, "region is null");
      return this;
    }

    /**
     * How long after its {@code mp_processing_time_ms} export (and {@link #events}) serves an
     * event; default zero. Above zero, generated events keep a processing time not capped at now.
     */
    public Builder exportVisibilityDelay(Duration delay) {
      this.settings = settings.withExportVisibilityDelay(delay);
      return this;
    }

    /**
     * Makes every {@code n}-th generated event of a day reuse the {@code $insert_id} of an earlier
     * event of that day that differs in name, time or distinct id; default 0 (all unique).
     */
    public Builder sharedInsertIdEvery(int n) {
      this.settings = settings.withSharedInsertIdEvery(n);
      return this;
    }

    /** Builds the project; fails when a configured cohort id collides with a generated one. */
    public EmulatedProject build() {
      cohorts.requireApartFromGenerated(cohortCount);
      return new EmulatedProject(this);
    }

    private static int requireNonNegative(int value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException("Invalid " + name + " " + value + ": use 0 or more");
      }
      return value;
    }

    private static String requireText(String value, String name) {
      Objects.requireNonNull(value, name + " is null");
      if (value.isBlank()) {
        throw new IllegalArgumentException("Invalid " + name + ": it is blank; pass a non-empty value");
      }
      return value;
    }
  }
}
