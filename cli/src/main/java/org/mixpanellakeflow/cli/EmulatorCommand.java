package org.mixpanellakeflow.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the local Mixpanel emulator until interrupted, and prints how to reach it. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = "Serve a local Mixpanel (export and query APIs) on loopback until Ctrl-C.")
final class EmulatorCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "0", description = "Port; 0 picks a free one (default).")
  int port;

  @Option(names = "--project-id", defaultValue = "4200042", description = "Project id (default: ${DEFAULT-VALUE}).")
  long projectId;

  @Option(names = "--days", defaultValue = "30", description = "Days of events, ending yesterday (UTC) (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--events-per-day", defaultValue = "1000", description = "Events a day (default: ${DEFAULT-VALUE}).")
  int eventsPerDay;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--timezone", defaultValue = "UTC", description = "Project timezone (default: ${DEFAULT-VALUE}).")
  ZoneId timezone;

  @Override
  public Integer call() throws InterruptedException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String apiSecret = randomSecret();
    String saSecret = randomSecret();
    String saUser = "emulator.sa.mp-service-account";
    EmulatedProject project =
        EmulatedProject.builder(projectId)
            .apiSecret(apiSecret)
            .serviceAccount(saUser, saSecret)
            .timezone(timezone)
            .seed(seed)
            .eventsPerDay(eventsPerDay)
            .eventDays(today.minusDays(days), today.minusDays(1))
            .build();
    CountDownLatch stopped = new CountDownLatch(1);
    try (MixpanelEmulator emulator =
        MixpanelEmulator.builder().clock(Clock.systemUTC()).port(port).project(project).start()) {
      var out = spec.commandLine().getOut();
      out.printf("Mixpanel emulator serving at %s%n", emulator.baseUri());
      out.printf("  project_id:       %d (timezone %s)%n", projectId, timezone);
      out.printf("  service account:  username=%s secret=%s%n", saUser, saSecret);
      out.printf("  api_secret:       %s%n", apiSecret);
      out.printf("  events:           %s..%s, %d a day%n", today.minusDays(days), today.minusDays(1), eventsPerDay);
      out.printf("Connector options: base_url=%s (plus the credentials above). Ctrl-C stops.%n", emulator.baseUri());
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      stopped.await();
    }
    return 0;
  }

  private static String randomSecret() {
    return HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  }
}
