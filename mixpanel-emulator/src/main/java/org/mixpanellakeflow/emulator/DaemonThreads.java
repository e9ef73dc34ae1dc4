package org.mixpanellakeflow.emulator;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the emulator's request threads and makes them daemons, so a forgotten emulator never keeps a JVM alive. */
final class DaemonThreads implements ThreadFactory {
  private final AtomicInteger count = new AtomicInteger();

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, "mixpanel-emulator-" + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
