package org.mixpanellakeflow.emulator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * How a standalone emulator is set up, for {@code EmulatorMain} and the CLI's {@code emulator}
 * command: one project with {@code days} days of events ending today (UTC), its credentials,
 * and the optional HTTPS, rate limits and faults.
 *
 * @param port the port of the project's region; 0 picks a free one
 * @param seed the data seed
 * @param eventsPerDay events on each day
 * @param days days with events, ending today
 * @param profiles generated user profiles
 * @param projectId the project id
 * @param timezone the project timezone
 * @param createdOn the project's creation day; before 2023-01-01 it behaves as a legacy project
 * @param region the data-residency region
 * @param apiSecret the project secret
 * @param serviceAccountSecret the secret of the service account {@value #SERVICE_ACCOUNT}
 * @param httpsDirectory where to write the certificate when serving HTTPS, or null for HTTP
 * @param rateLimits the budgets to enforce, or null for none
 * @param faults fault rules in {@link FaultSpec} form
 * @param exportVisibilityDelay how long after its processing time export serves an event
 */
public record EmulatorLaunch(
    int port,
    long seed,
    int eventsPerDay,
    int days,
    int profiles,
    long projectId,
    ZoneId timezone,
    LocalDate createdOn,
    DataRegion region,
    String apiSecret,
    String serviceAccountSecret,
    Path httpsDirectory,
    RateLimits rateLimits,
    List<String> faults,
    Duration exportVisibilityDelay) {
  public static final String SERVICE_ACCOUNT = "emulator.sa.mp-service-account";

  public EmulatorLaunch {
    Objects.requireNonNull(timezone, "timezone is null");
    Objects.requireNonNull(createdOn, "createdOn is null");
    Objects.requireNonNull(region, "region is null");
    Objects.requireNonNull(apiSecret, "apiSecret is null");
    Objects.requireNonNull(serviceAccountSecret, "serviceAccountSecret is null");
    faults = List.copyOf(faults);
    Objects.requireNonNull(exportVisibilityDelay, "exportVisibilityDelay is null");
    if (days < 1) {
      throw new IllegalArgumentException("Invalid days " + days + ": use 1 or more");
    }
  }

  /** A launch whose export serves events as soon as they are processed. */
  public EmulatorLaunch(int port, long seed, int eventsPerDay, int days, int profiles, long projectId, ZoneId timezone,
      LocalDate createdOn, DataRegion region, String apiSecret, String serviceAccountSecret, Path httpsDirectory,
      RateLimits rateLimits, List<String> faults) {
    this(port, seed, eventsPerDay, days, profiles, projectId, timezone, createdOn, region, apiSecret,
        serviceAccountSecret, httpsDirectory, rateLimits, faults, Duration.ZERO);
  }

  /** Builds the project, starts the emulator and prints what a client needs to reach it. */
  public MixpanelEmulator start(Clock clock, PrintWriter out) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    EmulatedProject project = EmulatedProject.builder(projectId)
        .apiSecret(apiSecret)
        .serviceAccount(SERVICE_ACCOUNT, serviceAccountSecret)
        .timezone(timezone)
        .createdOn(createdOn)
        .region(region)
        .seed(seed)
        .eventsPerDay(eventsPerDay)
        .profileCount(profiles)
        .eventDays(today.minusDays(days - 1L), today)
        .exportVisibilityDelay(exportVisibilityDelay)
        .build();
    MixpanelEmulator.Builder builder = MixpanelEmulator.builder().clock(clock).port(port).project(project);
    EmulatorTls tls = httpsDirectory == null ? null : EmulatorTls.generate(httpsDirectory);
    if (tls != null) {
      builder.https(tls);
    }
    if (rateLimits != null) {
      builder.rateLimits(rateLimits);
    }
    MixpanelEmulator emulator = builder.start();
    try {
      faults.forEach(spec -> FaultSpec.apply(spec, emulator.faults()));
    } catch (IllegalArgumentException e) {
      emulator.close();
      throw e;
    }
    out.printf("Mixpanel emulator serving at %s (region %s)%n", emulator.baseUri(), region);
    out.printf("  project_id:       %d (timezone %s, created %s%s)%n", projectId, timezone, createdOn,
        project.usesUtcDays() ? "" : ", legacy: days cut in the project timezone");
    out.printf("  service account:  username=%s secret=%s%n", SERVICE_ACCOUNT, serviceAccountSecret);
    out.printf("  api_secret:       %s%n", apiSecret);
    out.printf("  token:            %s%n", project.token());
    out.printf("  events:           %s..%s (%s days), %d a day; %d profiles; cohorts %s%n",
        project.firstEventDay(), project.lastEventDay(), project.dayZone(), eventsPerDay, profiles,
        project.cohorts().stream().map(c -> c.get("id")).toList());
    if (tls != null) {
      out.printf("  certificate:      %s (trust it: curl --cacert, or a JDK trust store)%n", tls.certificatePath());
    }
    out.printf("  rate limits:      %s%n", rateLimits == null ? "off" : rateLimits);
    if (!exportVisibilityDelay.isZero()) {
      out.printf("  export delay:     events are exported %s after their processing time%n", exportVisibilityDelay);
    }
    faults.forEach(spec -> out.printf("  fault:            %s%n", spec));
    out.printf("Connector options: base_url=%s (plus the credentials above). Ctrl-C stops.%n", emulator.baseUri());
    out.flush();
    return emulator;
  }

  @Override
  public String toString() {
    return "EmulatorLaunch[port=" + port + ", projectId=" + projectId + ", region=" + region + ", days=" + days
        + ", eventsPerDay=" + eventsPerDay + ", apiSecret=<redacted>, serviceAccountSecret=<redacted>]";
  }
}
