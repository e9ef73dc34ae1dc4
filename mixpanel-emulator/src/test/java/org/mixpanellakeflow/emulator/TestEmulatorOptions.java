package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestEmulatorOptions {
  @Test
  void hasDefaults() {
    assertThat(EmulatorOptions.parse()).isEqualTo(new EmulatorOptions(0, 42, 100, 30, 1_234_567, "emulator-secret"));
  }

  @Test
  void mapsEveryOption() {
    assertThat(EmulatorOptions.parse("--port", "8089", "--seed", "-5", "--events-per-day", "1000", "--days", "7",
            "--project-id", "99", "--api-secret", "s3"))
        .isEqualTo(new EmulatorOptions(8089, -5, 1000, 7, 99, "s3"));
  }

  @Test
  void rejectsBadOptionsNamingThem() {
    assertThatThrownBy(() -> EmulatorOptions.parse("--days", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid value for option '--days': '0' (expected an integer from 1 to 36500)");
    assertThatThrownBy(() -> EmulatorOptions.parse("--seed", "x"))
        .hasMessage("Invalid value for option '--seed': 'x' (expected an integer)");
    assertThatThrownBy(() -> EmulatorOptions.parse("--port"))
        .hasMessage("Missing value for option '--port'\n" + EmulatorOptions.USAGE);
    assertThatThrownBy(() -> EmulatorOptions.parse("--verbose", "1"))
        .hasMessage("Unknown option '--verbose'\n" + EmulatorOptions.USAGE);
  }

  @Test
  void keepsTheSecretOutOfToString() {
    assertThat(EmulatorOptions.parse("--api-secret", "hidden-1").toString()).doesNotContain("hidden-1");
  }
}
