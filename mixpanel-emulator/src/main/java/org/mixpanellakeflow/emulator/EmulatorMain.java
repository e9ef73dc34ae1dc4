package org.mixpanellakeflow.emulator;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one emulated project until the process is killed, printing what a client needs to reach
 * it. The printed credentials are the emulator's own test credentials, never real ones.
 */
public final class EmulatorMain {
  private EmulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmulatorLaunch launch;
    try {
      launch = EmulatorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
    MixpanelEmulator emulator = launch.start(Clock.systemUTC(), out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stopped.countDown();
    }, "mixpanel-emulator-shutdown"));
    stopped.await();
  }
}
