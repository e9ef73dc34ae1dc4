package org.mixpanellakeflow.emulator;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command-line options of {@link EmulatorMain}, parsed eagerly into an {@link EmulatorLaunch}; errors name the option. */
final class EmulatorOptions {
  static final String USAGE = String.join("\n",
      "Usage: EmulatorMain [options]",
      "  --port N             port on 127.0.0.1 (default 0: any free port)",
      "  --seed N             data seed (default 42)",
      "  --events-per-day N   events on each day (default 100)",
      "  --days N             days with events, ending today in UTC (default 30)",
      "  --profiles N         user profiles (default 200)",
      "  --project-id N       project id (default 1234567)",
      "  --api-secret S       project API secret (default emulator-secret)",
      "  --timezone Z         project timezone (default UTC)",
      "  --created-on D       project creation day; before 2023-01-01 = legacy project (default 2024-01-01)",
      "  --region R           US, EU or IN (default US)",
      "  --https DIR          serve HTTPS; write the certificate to DIR/emulator-cert.pem",
      "  --rate-limits M      'mixpanel' (60/h, 3/s, ...) or 'off' (default off)",
      "  --time-scale X       rate-limit windows pass X times faster (default 1)",
      "  --export-visibility-delay D  export serves an event D after its processing time: 15m, 90s, 2h, PT15M (default 0)",
      "  --fault SPEC         scripted fault, repeatable: " + FaultSpec.FORMAT);

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private EmulatorOptions() {}

  static EmulatorLaunch defaults() {
    return new EmulatorLaunch(0, 42, 100, 30, 200, 1_234_567, ZoneId.of("UTC"), LocalDate.of(2024, 1, 1), DataRegion.US,
        "emulator-secret", "emulator-sa-secret", null, null, List.of(), Duration.ZERO);
  }

  static EmulatorLaunch parse(String... args) {
    EmulatorLaunch d = defaults();
    int port = d.port();
    long seed = d.seed();
    int eventsPerDay = d.eventsPerDay();
    int days = d.days();
    int profiles = d.profiles();
    long projectId = d.projectId();
    String apiSecret = d.apiSecret();
    ZoneId timezone = d.timezone();
    LocalDate createdOn = d.createdOn();
    DataRegion region = d.region();
    Path https = null;
    boolean limited = false;
    double timeScale = 1;
    Duration exportVisibilityDelay = d.exportVisibilityDelay();
    List<String> faults = new ArrayList<>();
    Iterator<String> it = Arrays.asList(args).iterator();
    while (it.hasNext()) {
      String name = it.next();
      if (!it.hasNext()) {
        throw new IllegalArgumentException("Missing value for option '" + name + "'\n" + USAGE);
      }
      String value = it.next();
      switch (name) {
        case "--port" -> port = (int) number(name, value, 0, 65_535);
        case "--seed" -> seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
        case "--events-per-day" -> eventsPerDay = (int) number(name, value, 0, Integer.MAX_VALUE);
        case "--days" -> days = (int) number(name, value, 1, 36_500);
        case "--profiles" -> profiles = (int) number(name, value, 0, 10_000_000);
        case "--project-id" -> projectId = number(name, value, 1, Long.MAX_VALUE);
        case "--api-secret" -> apiSecret = text(name, value);
        case "--timezone" -> timezone = zone(name, value);
        case "--created-on" -> createdOn = day(name, value);
        case "--region" -> region = region(name, value);
        case "--https" -> https = Path.of(text(name, value));
        case "--rate-limits" -> limited = limits(name, value);
        case "--time-scale" -> timeScale = scale(name, value);
        case "--export-visibility-delay" -> exportVisibilityDelay = duration(name, value);
        case "--fault" -> {
          FaultSpec.apply(value, new FaultScript());
          faults.add(value);
        }
        default -> throw new IllegalArgumentException("Unknown option '" + name + "'\n" + USAGE);
      }
    }
    RateLimits limits = limited ? RateLimits.mixpanel().withTimeScale(timeScale) : null;
    return new EmulatorLaunch(port, seed, eventsPerDay, days, profiles, projectId, timezone, createdOn, region,
        apiSecret, d.serviceAccountSecret(), https, limits, faults, exportVisibilityDelay);
  }

  private static long number(String name, String value, long min, long max) {
    String expected = min == Long.MIN_VALUE ? "an integer" : "an integer from " + min + " to " + max;
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, the same way as an out-of-range number
    }
    throw invalid(name, value, expected);
  }

  private static String text(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("Invalid value for option '" + name + "': it is blank");
    }
    return value;
  }

  private static ZoneId zone(String name, String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw invalid(name, value, "a timezone such as UTC or Europe/Zurich");
    }
  }

  private static LocalDate day(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw invalid(name, value, "a day as yyyy-mm-dd");
    }
  }

  private static DataRegion region(String name, String value) {
    try {
      return DataRegion.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(name, value, "US, EU or IN");
    }
  }

  private static boolean limits(String name, String value) {
    return switch (value) {
      case "mixpanel" -> true;
      case "off" -> false;
      default -> throw invalid(name, value, "mixpanel or off");
    };
  }

  private static double scale(String name, String value) {
    try {
      double scale = Double.parseDouble(value);
      if (scale > 0 && !Double.isInfinite(scale)) {
        return scale;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, value, "a number above 0");
  }

  private static Duration duration(String name, String value) {
    String trimmed = value.trim();
    try {
      Matcher shortForm = SHORT_DURATION.matcher(trimmed);
      Duration duration = !shortForm.matches() ? Duration.parse(trimmed) : switch (shortForm.group(2)) {
        case "ms" -> Duration.ofMillis(Long.parseLong(shortForm.group(1)));
        case "s" -> Duration.ofSeconds(Long.parseLong(shortForm.group(1)));
        case "m" -> Duration.ofMinutes(Long.parseLong(shortForm.group(1)));
        default -> Duration.ofHours(Long.parseLong(shortForm.group(1)));
      };
      if (!duration.isNegative() && duration.compareTo(Duration.ofDays(365)) <= 0) {
        return duration;
      }
    } catch (DateTimeException e) {
      // reported below
    }
    throw invalid(name, value, "a duration from 0 to 365 days such as 15m, 90s, 2h or PT15M");
  }

  private static IllegalArgumentException invalid(String name, String value, String expected) {
    return new IllegalArgumentException("Invalid value for option '" + name + "': '" + value + "' (expected " + expected + ")");
  }
}
