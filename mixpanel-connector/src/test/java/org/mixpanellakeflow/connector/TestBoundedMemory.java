package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/**
 * Reading a window never holds it whole: a day of 300,000 events (about 230 MB of JSON lines)
 * goes through the row path in a JVM whose heap is 64 MB, so buffering a body, a window or a
 * batch in memory fails this test. A smaller window in a smaller heap would do as well.
 */
class TestBoundedMemory {

  static final int EVENTS = 300_000;
  static final String HEAP = "-Xmx64m";
  static final Instant NOW = Instant.parse("2024-06-02T12:00:00Z");

  @Test
  void readsAWindowFarLargerThanTheHeap() throws Exception {
    EmulatedProject project = EmulatedProject.builder(4646).apiSecret("bounded-memory")
        .timezone(ZoneId.of("UTC")).createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(EVENTS)
        .eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 1)).build();
    try (MixpanelEmulator emulator = MixpanelEmulator.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).project(project).start()) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add(HEAP);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(WindowReadMain.class.getName());
      command.addAll(List.of(
          emulator.baseUri().toString(), "bounded-memory", "2024-06-01", NOW.toString()));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // the child is another process at work: wait for it, with a deadline
      assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the reader ended").isTrue();

      assertThat(child.exitValue()).as("exit status; output:%n%s", tail(output)).isZero();
      assertThat(output).contains("rows=" + EVENTS);
    }
  }

  private static String tail(String output) {
    return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
  }
}
