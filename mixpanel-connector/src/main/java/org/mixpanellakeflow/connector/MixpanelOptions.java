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
   * Day (yyyy-MM-dd) the Mixpanel project was created. Projects created before 2023-01-01 cut
   * export days in the project timezone and store shifted times, which the connector then
   * normalises to UTC. Absent: the project is taken to be created from 2023 (UTC).
   */
  public static final String PROJECT_CREATED = "project_created";

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

  /** Keys whose values are never logged or shown. */
  static final List<String> SENSITIVE = List.of(SECRET, API_SECRET);

  /** Every key this connector reads; anything else is passed through and ignored. */
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
          PROJECT_CREATED,
          ENGAGE_FULL_REFRESH,
          COHORT_MEMBERS_INCLUDE_ALL_USERS);
}
