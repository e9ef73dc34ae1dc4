package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestEmulatorOptions {
  @Test
  void hasDefaults() {
    assertThat(EmulatorOptions.parse()).isEqualTo(new EmulatorLaunch(0, 42, 100, 30, 200, 1_234_567, ZoneId.of("UTC"),
        LocalDate.of(2024, 1, 1), DataRegion.US, "emulator-secret", "emulator-sa-secret", null, null, List.of()));
  }

  @Test
  void mapsEveryOption() {
    assertThat(EmulatorOptions.parse("--port", "8089", "--seed", "-5", "--events-per-day", "1000", "--days", "7",
            "--profiles", "50", "--project-id", "99", "--api-secret", "s3", "--timezone", "Europe/Zurich",
            "--created-on", "2022-05-01", "--region", "eu", "--https", "/tmp/certs", "--rate-limits", "mixpanel",
            "--time-scale", "60", "--fault", "/api/2.0/export=503@2x3", "--fault", "/import=slow:5",
            "--export-visibility-delay", "15m"))
        .isEqualTo(new EmulatorLaunch(8089, -5, 1000, 7, 50, 99, ZoneId.of("Europe/Zurich"), LocalDate.of(2022, 5, 1),
            DataRegion.EU, "s3", "emulator-sa-secret", Path.of("/tmp/certs"), RateLimits.mixpanel().withTimeScale(60),
            List.of("/api/2.0/export=503@2x3", "/import=slow:5"), Duration.ofMinutes(15)));
  }

  @Test
  void readsExportVisibilityDelaysInShortAndIsoForms() {
    assertThat(EmulatorOptions.parse("--export-visibility-delay", "90s").exportVisibilityDelay())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(EmulatorOptions.parse("--export-visibility-delay", "2h").exportVisibilityDelay())
        .isEqualTo(Duration.ofHours(2));
    assertThat(EmulatorOptions.parse("--export-visibility-delay", "250ms").exportVisibilityDelay())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(EmulatorOptions.parse("--export-visibility-delay", "PT15M").exportVisibilityDelay())
        .isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> EmulatorOptions.parse("--export-visibility-delay", "-5m"))
        .hasMessage("Invalid value for option '--export-visibility-delay': '-5m' (expected a duration from 0 to"
            + " 365 days such as 15m, 90s, 2h or PT15M)");
    assertThatThrownBy(() -> EmulatorOptions.parse("--export-visibility-delay", "PT-1S"))
        .hasMessage("Invalid value for option '--export-visibility-delay': 'PT-1S' (expected a duration from 0 to"
            + " 365 days such as 15m, 90s, 2h or PT15M)");
  }

  @Test
  void rejectsBadOptionsNamingThem() {
    assertThatThrownBy(() -> EmulatorOptions.parse("--days", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid value for option '--days': '0' (expected an integer from 1 to 36500)");
    assertThatThrownBy(() -> EmulatorOptions.parse("--seed", "x"))
        .hasMessage("Invalid value for option '--seed': 'x' (expected an integer)");
    assertThatThrownBy(() -> EmulatorOptions.parse("--region", "mars"))
        .hasMessage("Invalid value for option '--region': 'mars' (expected US, EU or IN)");
    assertThatThrownBy(() -> EmulatorOptions.parse("--fault", "/import=teapot"))
        .hasMessage("Invalid fault '/import=teapot': unknown fault 'teapot'; expected " + FaultSpec.FORMAT);
    assertThatThrownBy(() -> EmulatorOptions.parse("--port"))
        .hasMessage("Missing value for option '--port'\n" + EmulatorOptions.USAGE);
    assertThatThrownBy(() -> EmulatorOptions.parse("--verbose", "1"))
        .hasMessage("Unknown option '--verbose'\n" + EmulatorOptions.USAGE);
  }

  @Test
  void keepsTheSecretOutOfToString() {
    assertThat(EmulatorOptions.parse("--api-secret", "hidden-1").toString()).doesNotContain("hidden-1");
  }

  @Test
  void startsAndPrintsHowToReachTheEmulator(@TempDir Path certificates) {
    EmulatorLaunch launch = EmulatorOptions.parse("--https", certificates.toString(), "--days", "2",
        "--fault", "/api/2.0/export=503", "--export-visibility-delay", "15m");
    StringWriter printed = new StringWriter();

    try (MixpanelEmulator emulator =
        launch.start(Clock.fixed(Instant.parse("2024-06-10T12:00:00Z"), ZoneOffset.UTC), new PrintWriter(printed))) {
      assertThat(printed.toString())
          .contains("Mixpanel emulator serving at " + emulator.baseUri() + " (region US)")
          .contains("project_id:       1234567 (timezone UTC, created 2024-01-01)")
          .contains("service account:  username=emulator.sa.mp-service-account secret=emulator-sa-secret")
          .contains("api_secret:       emulator-secret")
          .contains("events:           2024-06-09..2024-06-10 (Z days), 100 a day; 200 profiles")
          .contains("certificate:      " + certificates.resolve("emulator-cert.pem"))
          .contains("fault:            /api/2.0/export=503")
          .contains("export delay:     events are exported PT15M after their processing time");
      assertThat(emulator.baseUri().getScheme()).isEqualTo("https");
      assertThat(emulator.faults().pendingFirings()).isEqualTo(1);
    }
  }
}
