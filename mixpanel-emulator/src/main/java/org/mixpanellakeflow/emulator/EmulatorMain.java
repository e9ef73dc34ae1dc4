package org.mixpanellakeflow.emulator;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one emulated project until the process is killed, printing what a client needs to reach
 * it. The printed credentials are the emulator's own test credentials, never real ones.
 */
public final class EmulatorMain {
  static final String SERVICE_ACCOUNT = "emulator.sa.mp-service-account";
  static final String SERVICE_ACCOUNT_SECRET = "emulator-sa-secret";

  private EmulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmulatorOptions options;
    try {
      options = EmulatorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Clock clock = Clock.systemUTC();
    // the default creation day is after 2023-01-01, so the project's days are UTC days
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    EmulatedProject project = EmulatedProject.builder(options.projectId())
        .apiSecret(options.apiSecret())
        .serviceAccount(SERVICE_ACCOUNT, SERVICE_ACCOUNT_SECRET)
        .seed(options.seed())
        .eventsPerDay(options.eventsPerDay())
        .eventDays(today.minusDays(options.days() - 1L), today)
        .build();
    MixpanelEmulator emulator = MixpanelEmulator.builder().clock(clock).port(options.port()).project(project).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stopped.countDown();
    }, "mixpanel-emulator-shutdown"));

    System.out.println("Mixpanel emulator running at " + emulator.baseUri());
    System.out.println("  project id:      " + project.projectId());
    System.out.println("  api secret:      " + options.apiSecret());
    System.out.println("  service account: " + SERVICE_ACCOUNT + " / " + SERVICE_ACCOUNT_SECRET);
    System.out.println("  events:          " + options.eventsPerDay() + " per day, "
        + project.firstEventDay() + " to " + project.lastEventDay() + " (UTC days)");
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
  }
}
