package org.mixpanellakeflow.emulator;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;

/** The command-line options of {@link EmulatorMain}, parsed eagerly; errors name the option. */
record EmulatorOptions(int port, long seed, int eventsPerDay, int days, long projectId, String apiSecret) {
  static final String USAGE = String.join("\n",
      "Usage: EmulatorMain [options]",
      "  --port N             port on 127.0.0.1 (default 0: any free port)",
      "  --seed N             data seed (default 42)",
      "  --events-per-day N   events on each day (default 100)",
      "  --days N             days with events, ending today in UTC (default 30)",
      "  --project-id N       project id (default 1234567)",
      "  --api-secret S       project API secret (default emulator-secret)");

  EmulatorOptions {
    Objects.requireNonNull(apiSecret, "apiSecret is null");
  }

  static EmulatorOptions defaults() {
    return new EmulatorOptions(0, 42, 100, 30, 1_234_567, "emulator-secret");
  }

  static EmulatorOptions parse(String... args) {
    EmulatorOptions options = defaults();
    Iterator<String> it = Arrays.asList(args).iterator();
    while (it.hasNext()) {
      String name = it.next();
      if (!it.hasNext()) {
        throw new IllegalArgumentException("Missing value for option '" + name + "'\n" + USAGE);
      }
      String value = it.next();
      options = switch (name) {
        case "--port" -> options.withPort((int) number(name, value, 0, 65_535));
        case "--seed" -> options.withSeed(number(name, value, Long.MIN_VALUE, Long.MAX_VALUE));
        case "--events-per-day" -> options.withEventsPerDay((int) number(name, value, 0, Integer.MAX_VALUE));
        case "--days" -> options.withDays((int) number(name, value, 1, 36_500));
        case "--project-id" -> options.withProjectId(number(name, value, 1, Long.MAX_VALUE));
        case "--api-secret" -> options.withApiSecret(text(name, value));
        default -> throw new IllegalArgumentException("Unknown option '" + name + "'\n" + USAGE);
      };
    }
    return options;
  }

  EmulatorOptions withPort(int value) {
    return new EmulatorOptions(value, seed, eventsPerDay, days, projectId, apiSecret);
  }

  EmulatorOptions withSeed(long value) {
    return new EmulatorOptions(port, value, eventsPerDay, days, projectId, apiSecret);
  }

  EmulatorOptions withEventsPerDay(int value) {
    return new EmulatorOptions(port, seed, value, days, projectId, apiSecret);
  }

  EmulatorOptions withDays(int value) {
    return new EmulatorOptions(port, seed, eventsPerDay, value, projectId, apiSecret);
  }

  EmulatorOptions withProjectId(long value) {
    return new EmulatorOptions(port, seed, eventsPerDay, days, value, apiSecret);
  }

  EmulatorOptions withApiSecret(String value) {
    return new EmulatorOptions(port, seed, eventsPerDay, days, projectId, value);
  }

  @Override
  public String toString() {
    return "EmulatorOptions[port=" + port + ", seed=" + seed + ", eventsPerDay=" + eventsPerDay
        + ", days=" + days + ", projectId=" + projectId + ", apiSecret=<redacted>]";
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
    throw new IllegalArgumentException(
        "Invalid value for option '" + name + "': '" + value + "' (expected " + expected + ")");
  }

  private static String text(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("Invalid value for option '" + name + "': it is blank");
    }
    return value;
  }
}
