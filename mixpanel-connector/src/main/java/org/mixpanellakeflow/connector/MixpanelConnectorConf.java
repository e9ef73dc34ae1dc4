package org.mixpanellakeflow.connector;

import static org.mixpanellakeflow.connector.MixpanelOptions.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.client.MixpanelClientConfig;
import org.mixpanellakeflow.client.MixpanelCredentials;
import org.mixpanellakeflow.client.Region;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * The connector's options, parsed once and checked eagerly. Every error names the option key, the
 * bad value (never for secrets) and what is expected. Resolution: the option given, else the
 * default in {@link MixpanelOptions}; the connector has no table-level options.
 *
 * @param startDate the first day of the first sync, or {@code null} to count back {@code
 *     historicalDays} from today
 * @param baseUri replaces Mixpanel's regional hosts, or {@code null}
 * @param projectCreated the project's creation day, or {@code null} (taken as a post-2022, UTC
 *     project)
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
    int lookbackDays,
    LocalDate projectCreated,
    boolean engageFullRefresh,
    boolean includeAllUsers) {

  public MixpanelConnectorConf {
    Objects.requireNonNull(credentials, "credentials is null");
    Objects.requireNonNull(region, "region is null");
    Objects.requireNonNull(projectTimezone, "projectTimezone is null");
  }

  public static MixpanelConnectorConf fromOptions(Map<String, String> options) {
    MixpanelCredentials credentials = credentials(options);
    Long projectId = null;
    String rawProjectId = value(options, PROJECT_ID);
    if (rawProjectId != null) {
      projectId = positiveLong(PROJECT_ID, rawProjectId, "a positive integer project id");
    }
    if (credentials.requiresProjectId() && projectId == null) {
      throw new LakeflowException(
          "Missing option '"
              + PROJECT_ID
              + "': a service account needs the numeric project id (Mixpanel: Settings > Project"
              + " Settings)");
    }
    Region region;
    String rawRegion = orDefault(options, REGION, REGION_DEFAULT);
    try {
      region = Region.parse(rawRegion);
    } catch (RuntimeException e) {
      throw invalid(REGION, rawRegion, "one of US, EU, IN");
    }
    String rawZone = orDefault(options, PROJECT_TIMEZONE, PROJECT_TIMEZONE_DEFAULT);
    ZoneId zone;
    try {
      zone = ZoneId.of(rawZone);
    } catch (DateTimeException e) {
      throw invalid(PROJECT_TIMEZONE, rawZone, "an IANA time zone such as US/Pacific or UTC");
    }
    String rawDays = value(options, HISTORICAL_DAYS);
    String rawStart = value(options, START_DATE);
    if (rawDays != null && rawStart != null) {
      throw new LakeflowException(
          "Cannot set both '" + START_DATE + "' and '" + HISTORICAL_DAYS + "': keep one of them");
    }
    int historicalDays =
        rawDays == null
            ? HISTORICAL_DAYS_DEFAULT
            : (int) nonNegativeLong(HISTORICAL_DAYS, rawDays, "a whole number of days, 0 or more");
    LocalDate startDate = date(options, START_DATE);
    URI baseUri = null;
    String rawBase = value(options, BASE_URL);
    if (rawBase != null) {
      baseUri = baseUri(rawBase);
    }
    int windowDays =
        (int)
            positiveLong(
                EXPORT_WINDOW_DAYS,
                orDefault(options, EXPORT_WINDOW_DAYS, String.valueOf(EXPORT_WINDOW_DAYS_DEFAULT)),
                "a positive whole number of days");
    int lookbackDays =
        (int)
            nonNegativeLong(
                LOOKBACK_DAYS,
                orDefault(options, LOOKBACK_DAYS, String.valueOf(LOOKBACK_DAYS_DEFAULT)),
                "a whole number of days, 0 or more");
    LocalDate projectCreated = date(options, PROJECT_CREATED);
    return new MixpanelConnectorConf(
        credentials,
        projectId,
        region,
        zone,
        historicalDays,
        startDate,
        baseUri,
        windowDays,
        lookbackDays,
        projectCreated,
        flag(options, ENGAGE_FULL_REFRESH, false),
        flag(options, COHORT_MEMBERS_INCLUDE_ALL_USERS, true));
  }

  /** The HTTP client configuration these options describe. */
  public MixpanelClientConfig clientConfig() {
    return MixpanelClientConfig.builder()
        .region(region)
        .baseUriOverride(baseUri)
        .credentials(credentials)
        .projectId(projectId)
        .build();
  }

  private static MixpanelCredentials credentials(Map<String, String> options) {
    String username = value(options, USERNAME);
    String secret = value(options, SECRET);
    String apiSecret = value(options, API_SECRET);
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

  private static boolean flag(Map<String, String> options, String key, boolean fallback) {
    String raw = value(options, key);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, raw, "true or false");
    };
  }

  private static LocalDate date(Map<String, String> options, String key) {
    String raw = value(options, key);
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw invalid(key, raw, "a date as yyyy-MM-dd");
    }
  }

  private static URI baseUri(String raw) {
    try {
      URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
        throw invalid(BASE_URL, raw, "an http(s) URL such as https://127.0.0.1:8443");
      }
      if (uri.getUserInfo() != null) {
        throw new LakeflowException(
            "Invalid value for option '"
                + BASE_URL
                + "': credentials in the URL are not allowed; use the credential options");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid(BASE_URL, raw, "an http(s) URL such as https://127.0.0.1:8443");
    }
  }

  static String value(Map<String, String> options, String key) {
    String v = options.get(key);
    if (v == null) {
      for (Map.Entry<String, String> e : options.entrySet()) {
        if (e.getKey().equalsIgnoreCase(key)) {
          v = e.getValue();
          break;
        }
      }
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static String orDefault(Map<String, String> options, String key, String fallback) {
    String v = value(options, key);
    return v == null ? fallback : v;
  }

  private static long positiveLong(String key, String raw, String expected) {
    long v = nonNegativeLong(key, raw, expected);
    if (v == 0) {
      throw invalid(key, raw, expected);
    }
    return v;
  }

  private static long nonNegativeLong(String key, String raw, String expected) {
    try {
      long v = Long.parseLong(raw);
      if (v < 0) {
        throw invalid(key, raw, expected);
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(key, raw, expected);
    }
  }

  private static LakeflowException invalid(String key, String raw, String expected) {
    return new LakeflowException(
        "Invalid value for option '" + key + "': '" + raw + "' (expected " + expected + ")");
  }
}
