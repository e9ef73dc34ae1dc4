package org.mixpanellakeflow.connector;

import java.util.List;

/**
 * Option keys of the Mixpanel connector. Keys keep the seed document's snake_case spelling because
 * users copy them from its README and from Unity Catalog connections. Defaults sit beside each key.
 */
public final class MixpanelOptions {

  private MixpanelOptions() {}

  /** Service account username (with {@link #SECRET}). */
  public static final String USERNAME = "username";

  /** Service account secret (with {@link #USERNAME}). Sensitive. */
  public static final String SECRET = "secret";

  /** Project API secret, the alternative to a service account. Sensitive. */
  public static final String API_SECRET = "api_secret";

  /** Numeric project id; required with a service account. */
  public static final String PROJECT_ID = "project_id";

  /** Data residency region: US, EU or IN. */
  public static final String REGION = "region";

  public static final String REGION_DEFAULT = "US";

  /** IANA zone of the project, used to cut days for projects created before 2023. */
  public static final String PROJECT_TIMEZONE = "project_timezone";

  public static final String PROJECT_TIMEZONE_DEFAULT = "US/Pacific";

  /** Days of history the first sync reads, before today. */
  public static final String HISTORICAL_DAYS = "historical_days";

  public static final int HISTORICAL_DAYS_DEFAULT = 10;

  /** First day (yyyy-MM-dd) the first sync reads; instead of {@link #HISTORICAL_DAYS}. */
  public static final String START_DATE = "start_date";

  /**
   * Base URL that replaces Mixpanel's regional hosts, for the local emulator or a proxy. Auth is
   * sent exactly as to Mixpanel.
   */
  public static final String BASE_URL = "base_url";

  /** Days covered by one export request. */
  public static final String EXPORT_WINDOW_DAYS = "export_window_days";

  public static final int EXPORT_WINDOW_DAYS_DEFAULT = 7;

  /**
   * Days before today re-checked on every sync for events that reached Mixpanel late (offline
   * devices, /import back-fills); only events processed since the last sync are transferred.
   */
  public static final String LOOKBACK_DAYS = "lookback_days";

  public static final int LOOKBACK_DAYS_DEFAULT = 5;

  /**
   * How far behind "now" each {@code events} sync puts its processing-time watermark: an event
   * Mixpanel processed within this margin before a sync is looked for again by the next one, in
   * case it was not yet exportable or this machine's clock runs ahead of Mixpanel's. Mixpanel's own
   * pipelines call data late only after two hours. Costs no request, only the bytes of re-reading
   * that margin's events once more per sync (merged, not duplicated).
   */
  public static final String PROCESSING_LAG_MINUTES = "processing_lag_minutes";

  public static final int PROCESSING_LAG_MINUTES_DEFAULT = 120;

  /**
   * How far before its last sync each {@code engage} sync looks for changed profiles: updates
   * that reach Mixpanel with an older {@code $time} (mobile devices flushing offline queues, which
   * Mixpanel accepts for days; clock skew) set {@code $last_seen} in the past. Mixpanel filters on
   * the server, so the margin costs no extra request beyond the pages of the profiles it re-reads.
   */
  public static final String ENGAGE_LOOKBACK_HOURS = "engage_lookback_hours";

  public static final int ENGAGE_LOOKBACK_HOURS_DEFAULT = 120;

  /**
   * Day (yyyy-MM-dd) the Mixpanel project was created. Projects created before 2023-01-01 cut
   * export days in the project timezone and store shifted times, which the connector then
   * normalises to UTC. Absent: the project is taken to be created from 2023 (UTC).
   */
  public static final String PROJECT_CREATED = "project_created";

  /**
   * Most events one export request may return (Mixpanel advises one or two million); larger
   * windows are cut into smaller requests, down to parts of a day.
   */
  public static final String MAX_EVENTS_PER_REQUEST = "max_events_per_request";

  public static final long MAX_EVENTS_PER_REQUEST_DEFAULT = 1_000_000;

  /**
   * Records one {@code events} micro-batch should hold at most, in whole days at the daily volume
   * seen so far (Mixpanel cannot resume inside a response). Default: no cap (four windows).
   */
  public static final String MAX_RECORDS_PER_BATCH = "max_records_per_batch";

  /**
   * {@code true}: every sync reads every profile, for projects whose profiles change without
   * moving {@code $last_seen} (UI edits, updates sent with {@code $ignore_time}).
   */
  public static final String ENGAGE_FULL_REFRESH = "engage_full_refresh";

  /**
   * {@code true} (Mixpanel's default): {@code cohort_members} includes members that have no
   * profile; {@code false}: only members with a profile.
   */
  public static final String COHORT_MEMBERS_INCLUDE_ALL_USERS = "cohort_members_include_all_users";

  /** {@code fail} (default): a malformed export line fails the window; {@code skip}: counted. */
  public static final String ON_MALFORMED_LINE = "on_malformed_line";

  /** An extra PEM certificate to trust (the emulator over HTTPS, a corporate proxy). */
  public static final String CA_CERTIFICATE = "ca_certificate";

  public static final String CONNECT_TIMEOUT_SECONDS = "connect_timeout_seconds";

  /** Large exports can take minutes before the first byte; default 600. */
  public static final String READ_TIMEOUT_SECONDS = "read_timeout_seconds";

  /**
   * Export requests an hour per project (Mixpanel allows 60, 3 a second); 0 turns pacing off.
   * Default: Mixpanel's limits against its own hosts, none against a {@code base_url}.
   */
  public static final String EXPORT_REQUESTS_PER_HOUR = "export_requests_per_hour";

  /** Query API (engage, cohorts) requests an hour per project (Mixpanel allows 60). */
  public static final String QUERY_REQUESTS_PER_HOUR = "query_requests_per_hour";

  /**
   * Longest a request waits, in all, for Mixpanel's rate limit to clear, following its
   * {@code Retry-After}; an exhausted hourly limit takes up to an hour. Default 60.
   */
  public static final String MAX_RATE_LIMIT_WAIT_MINUTES = "max_rate_limit_wait_minutes";

  public static final int MAX_RATE_LIMIT_WAIT_MINUTES_DEFAULT = 60;

  /**
   * For tests against the emulator only: how many times faster than the clock the request
   * budgets' windows pass, matching the emulator's {@code --time-scale}. Default 1 (Mixpanel).
   */
  public static final String RATE_LIMIT_TIME_SCALE = "rate_limit_time_scale";

  /**
   * How {@code events} and {@code engage} land their properties: {@code struct} (default: typed
   * standard properties and a {@code custom_properties} map), {@code struct_and_variant} (also a
   * VARIANT of every property) or {@code variant} (the properties column is that VARIANT). See
   * {@link PropertiesFormat}. Also a table option, which wins for its table.
   */
  public static final String PROPERTIES_FORMAT = "properties_format";

  /** Where export bodies are spooled until complete (default: java.io.tmpdir). */
  public static final String SPOOL_DIR = "spool_dir";

  /** Every key this connector reads; any other key is ignored with a warning naming it. */
  static final List<String> ALL =
      List.of(
          USERNAME,
          SECRET,
          API_SECRET,
          PROJECT_ID,
          REGION,
          PROJECT_TIMEZONE,
          HISTORICAL_DAYS,
          START_DATE,
          BASE_URL,
          EXPORT_WINDOW_DAYS,
          LOOKBACK_DAYS,
          PROCESSING_LAG_MINUTES,
          ENGAGE_LOOKBACK_HOURS,
          PROJECT_CREATED,
          MAX_EVENTS_PER_REQUEST,
          MAX_RECORDS_PER_BATCH,
          ENGAGE_FULL_REFRESH,
          COHORT_MEMBERS_INCLUDE_ALL_USERS,
          ON_MALFORMED_LINE,
          CA_CERTIFICATE,
          CONNECT_TIMEOUT_SECONDS,
          READ_TIMEOUT_SECONDS,
          EXPORT_REQUESTS_PER_HOUR,
          QUERY_REQUESTS_PER_HOUR,
          MAX_RATE_LIMIT_WAIT_MINUTES,
          RATE_LIMIT_TIME_SCALE,
          PROPERTIES_FORMAT,
          SPOOL_DIR);
}
