package org.mixpanellakeflow.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mixpanellakeflow.emulator.DataRegion;
import org.mixpanellakeflow.emulator.EmulatorLaunch;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.emulator.RateLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the local Mixpanel emulator until interrupted, and prints how to reach it. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = "Serve a local Mixpanel (export, query and ingestion APIs) on loopback until Ctrl-C.")
final class EmulatorCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "0", description = "Port; 0 picks a free one (default).")
  int port;

  @Option(names = "--project-id", defaultValue = "4200042", description = "Project id (default: ${DEFAULT-VALUE}).")
  long projectId;

  @Option(names = "--days", defaultValue = "30", description = "Days of events, ending today (UTC) (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--events-per-day", defaultValue = "1000", description = "Events a day (default: ${DEFAULT-VALUE}).")
  int eventsPerDay;

  @Option(names = "--profiles", defaultValue = "1000", description = "User profiles (default: ${DEFAULT-VALUE}).")
  int profiles;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--timezone", defaultValue = "UTC", description = "Project timezone (default: ${DEFAULT-VALUE}).")
  ZoneId timezone;

  @Option(names = "--created-on", defaultValue = "2024-01-01",
      description = "Project creation day; before 2023-01-01 it behaves as a legacy project (default: ${DEFAULT-VALUE}).")
  LocalDate createdOn;

  @Option(names = "--region", defaultValue = "US", description = "US, EU or IN (default: ${DEFAULT-VALUE}).")
  DataRegion region;

  @Option(names = "--https", paramLabel = "DIR",
      description = "Serve HTTPS; the generated certificate is written to DIR/emulator-cert.pem.")
  Path https;

  @Option(names = "--rate-limits", description = "Enforce Mixpanel's budgets (export 60/h, 3/s; query 60/h, 5 concurrent).")
  boolean rateLimits;

  @Option(names = "--time-scale", defaultValue = "1",
      description = "With --rate-limits: windows pass this many times faster (default: ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(names = "--fault", paramLabel = "SPEC",
      description = "Scripted fault, repeatable: PATH=FAULT[@NTH][xTIMES|xall], e.g. /api/2.0/export=503@2x3;"
          + " FAULT: a status, rate-limited[:S], plan-gate, reset-lines:N, reset-bytes:N, terminated-early:N,"
          + " split-record:N, slow:MS.")
  List<String> faults = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    if (days < 1) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--days': " + days + " (expected 1 or more)");
    }
    if (!(timeScale > 0)) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--time-scale': " + timeScale + " (expected a number above 0)");
    }
    EmulatorLaunch launch = new EmulatorLaunch(port, seed, eventsPerDay, days, profiles, projectId, timezone, createdOn,
        region, randomSecret(), randomSecret(), https, rateLimits ? RateLimits.mixpanel().withTimeScale(timeScale) : null,
        faults);
    CountDownLatch stopped = new CountDownLatch(1);
    MixpanelEmulator emulator;
    try {
      emulator = launch.start(Clock.systemUTC(), spec.commandLine().getOut());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try (emulator) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
    return 0;
  }

  private static String randomSecret() {
    return HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  }
}
