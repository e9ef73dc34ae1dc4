package org.mixpanellakeflow.connector;

import static org.mixpanellakeflow.connector.MixpanelOptions.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.client.BudgetShare;
import org.mixpanellakeflow.client.MixpanelClientConfig;
import org.mixpanellakeflow.client.MixpanelCredentials;
import org.mixpanellakeflow.client.Region;
import org.mixpanellakeflow.connect.LakeflowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's options, parsed once and checked eagerly. Every error names the option key, the
 * bad value (never for secrets) and what is expected. Resolution: the option given, else the
 * default in {@link MixpanelOptions}. One option is also read per table: a table's {@code
 * properties_format} wins over this connection-level one ({@link PropertiesFormat#forTable}).
 *
 * @param startDate the first day of the first sync, or {@code null} to count back {@code
 *     historicalDays} from today
 * @param baseUri replaces Mixpanel's regional hosts, or {@code null}
 * @param projectCreated the project's creation day, or {@code null} (taken as a post-2022, UTC
 *     project)
 * @param processingLag how far behind "now" the {@code events} watermark stays
 * @param engageLookback how far before its last sync an {@code engage} sync looks again
 * @param propertiesFormat how {@code events} and {@code engage} land properties, for tables that
 *     do not set their own
 * @param http how requests are sent: timeouts, budgets, TLS, malformed lines, spooling
 */
public record MixpanelConnectorConf(
    MixpanelCredentials credentials,
    Long projectId,
    Region region,
    ZoneId projectTimezone,
    int historicalDays,
    LocalDate startDate,
    URI baseUri,
    int exportWindowDays,
    long maxEventsPerRequest,
    Long maxRecordsPerBatch,
    int lookbackDays,
    Duration processingLag,
    Duration engageLookback,
    LocalDate projectCreated,
    boolean engageFullRefresh,
    boolean includeAllUsers,
    PropertiesFormat propertiesFormat,
    MixpanelHttpConf http) {

  private static final Logger LOG = LoggerFactory.getLogger(MixpanelConnectorConf.class);

  public MixpanelConnectorConf {
    Objects.requireNonNull(credentials, "credentials is null");
    Objects.requireNonNull(region, "region is null");
    Objects.requireNonNull(projectTimezone, "projectTimezone is null");
    Objects.requireNonNull(processingLag, "processingLag is null");
    Objects.requireNonNull(engageLookback, "engageLookback is null");
    Objects.requireNonNull(propertiesFormat, "propertiesFormat is null");
    Objects.requireNonNull(http, "http is null");
  }

  public static MixpanelConnectorConf fromOptions(Map<String, String> options) {
    warnAboutUnknownKeys(options);
    OptionReader reader = new OptionReader(options);
    MixpanelCredentials credentials = credentials(reader);
    Long projectId = null;
    if (reader.string(PROJECT_ID) != null) {
      projectId = reader.number(PROJECT_ID, 0, 1, "a positive integer project id");
    }
    if (credentials.requiresProjectId() && projectId == null) {
      throw new LakeflowException(
          "Missing option '"
              + PROJECT_ID
              + "': a service account needs the numeric project id (Mixpanel: Settings > Project"
              + " Settings)");
    }
    String rawRegion = reader.string(REGION, REGION_DEFAULT);
    Region region;
    try {
      region = Region.parse(rawRegion);
    } catch (RuntimeException e) {
      throw OptionReader.invalid(REGION, rawRegion, "one of US, EU, IN");
    }
    String rawZone = reader.string(PROJECT_TIMEZONE, PROJECT_TIMEZONE_DEFAULT);
    ZoneId zone;
    try {
      zone = ZoneId.of(rawZone);
    } catch (DateTimeException e) {
      throw OptionReader.invalid(
          PROJECT_TIMEZONE, rawZone, "an IANA time zone such as US/Pacific or UTC");
    }
    if (reader.string(HISTORICAL_DAYS) != null && reader.string(START_DATE) != null) {
      throw new LakeflowException(
          "Cannot set both '" + START_DATE + "' and '" + HISTORICAL_DAYS + "': keep one of them");
    }
    String rawBase = reader.string(BASE_URL);
    return new MixpanelConnectorConf(
        credentials,
        projectId,
        region,
        zone,
        (int) reader.number(HISTORICAL_DAYS, HISTORICAL_DAYS_DEFAULT, 0, "a whole number of days, 0 or more"),
        reader.date(START_DATE),
        rawBase == null ? null : baseUri(rawBase),
        (int) reader.number(EXPORT_WINDOW_DAYS, EXPORT_WINDOW_DAYS_DEFAULT, 1, "a positive whole number of days"),
        reader.number(MAX_EVENTS_PER_REQUEST, MAX_EVENTS_PER_REQUEST_DEFAULT, 1, "a positive whole number of events"),
        reader.string(MAX_RECORDS_PER_BATCH) == null
            ? null
            : reader.number(MAX_RECORDS_PER_BATCH, 0, 1, "a positive whole number of records"),
        (int) reader.number(LOOKBACK_DAYS, LOOKBACK_DAYS_DEFAULT, 0, "a whole number of days, 0 or more"),
        Duration.ofMinutes(
            reader.number(
                PROCESSING_LAG_MINUTES,
                PROCESSING_LAG_MINUTES_DEFAULT,
                0,
                "a whole number of minutes, 0 or more")),
        Duration.ofHours(
            reader.number(
                ENGAGE_LOOKBACK_HOURS,
                ENGAGE_LOOKBACK_HOURS_DEFAULT,
                0,
                "a whole number of hours, 0 or more")),
        reader.date(PROJECT_CREATED),
        reader.flag(ENGAGE_FULL_REFRESH, false),
        reader.flag(COHORT_MEMBERS_INCLUDE_ALL_USERS, true),
        PropertiesFormat.from(reader, PropertiesFormat.STRUCT),
        MixpanelHttpConf.fromOptions(reader));
  }

  /** The HTTP client configuration these options describe, for a client alone. */
  public MixpanelClientConfig clientConfig() {
    return clientConfig(BudgetShare.whole(), BudgetShare.whole());
  }

  /** The same for a client given its planned shares of the export and Query API budgets. */
  MixpanelClientConfig clientConfig(BudgetShare exportShare, BudgetShare queryShare) {
    MixpanelClientConfig.Builder builder =
        MixpanelClientConfig.builder()
            .region(region)
            .baseUriOverride(baseUri)
            .credentials(credentials)
            .projectId(projectId)
            .exportShare(exportShare)
            .queryShare(queryShare);
    return http.configure(builder).build();
  }

  /** Whether the project exports legacy, shifted times (created before 2023). */
  EventTime eventTime() {
    return EventTime.forProject(projectCreated, projectTimezone);
  }

  private static MixpanelCredentials credentials(OptionReader reader) {
    String username = reader.string(USERNAME);
    String secret = reader.string(SECRET);
    String apiSecret = reader.string(API_SECRET);
    if (apiSecret != null && (username != null || secret != null)) {
      throw new LakeflowException(
          "Cannot set both '"
              + API_SECRET
              + "' and a service account ('"
              + USERNAME
              + "'/'"
              + SECRET
              + "'): keep one way to authenticate");
    }
    if (apiSecret != null) {
      return MixpanelCredentials.projectSecret(apiSecret);
    }
    if (username != null && secret != null) {
      return MixpanelCredentials.serviceAccount(username, secret);
    }
    if (username != null || secret != null) {
      throw new LakeflowException(
          "Missing option '"
              + (username == null ? USERNAME : SECRET)
              + "': a service account needs both '"
              + USERNAME
              + "' and '"
              + SECRET
              + "'");
    }
    throw new LakeflowException(
        "Missing credentials: set '"
            + USERNAME
            + "' and '"
            + SECRET
            + "' (service account, recommended) or '"
            + API_SECRET
            + "' (project secret)");
  }

  /** A misspelt key would otherwise be silently ignored and its default used. */
  private static void warnAboutUnknownKeys(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (ALL.stream().noneMatch(known -> known.equalsIgnoreCase(key))) {
        LOG.warn("Ignoring unknown option '{}'; the Mixpanel connector reads: {}", key, String.join(", ", ALL));
      }
    }
  }

  private static URI baseUri(String raw) {
    String expected = "an http(s) URL such as https://127.0.0.1:8443";
    try {
      URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
        throw OptionReader.invalid(BASE_URL, raw, expected);
      }
      if (uri.getUserInfo() != null) {
        throw new LakeflowException(
            "Invalid value for option '"
                + BASE_URL
                + "': credentials in the URL are not allowed; use the credential options");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw OptionReader.invalid(BASE_URL, raw, expected);
    }
  }
}
