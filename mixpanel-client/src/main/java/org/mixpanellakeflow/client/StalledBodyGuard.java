package org.mixpanellakeflow.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Applies the read timeout to response bodies. The JDK client's timeout ends when the headers
 * arrive, but an export can then pause for minutes or stall for good; without this a reader would
 * block forever. A read blocked longer than the timeout gets its stream closed, which makes the
 * read fail. Time spent by the caller between reads does not count.
 */
final class StalledBodyGuard {

  /** One daemon thread for all clients: checks are rare and cheap. */
  private static final class Scheduler {
    static final ScheduledExecutorService INSTANCE =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "mixpanel-body-guard");
              thread.setDaemon(true);
              return thread;
            });
  }

  private final Duration timeout;

  StalledBodyGuard(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout is null");
  }

  /** Wraps {@code body}; {@code onBytes} receives the count of every successful read. */
  InputStream guard(InputStream body, LongConsumer onBytes) {
    return new GuardedStream(body, onBytes, timeout);
  }

  private static final class GuardedStream extends FilterInputStream {
    private final LongConsumer onBytes;
    private final long timeoutNanos;
    private final ScheduledFuture<?> check;
    private volatile long readStartedNanos;
    private volatile boolean stalled;

    GuardedStream(InputStream in, LongConsumer onBytes, Duration timeout) {
      super(in);
      this.onBytes = onBytes;
      this.timeoutNanos = timeout.toNanos();
      long period = Math.max(timeout.toMillis() / 4, 10);
      this.check =
          Scheduler.INSTANCE.scheduleWithFixedDelay(
              this::closeIfStalled, period, period, TimeUnit.MILLISECONDS);
    }

    private void closeIfStalled() {
      long started = readStartedNanos;
      if (started != 0 && System.nanoTime() - started > timeoutNanos) {
        stalled = true;
        try {
          in.close();
        } catch (IOException | RuntimeException e) {
          // the blocked reader sees the failure; nothing else to do with this one
        }
        check.cancel(false);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (stalled) {
        throw stalledError(null);
      }
      readStartedNanos = System.nanoTime();
      try {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
          onBytes.accept(n);
        }
        return n;
      } catch (IOException e) {
        throw stalled ? stalledError(e) : e;
      } finally {
        readStartedNanos = 0;
      }
    }

    private HttpTimeoutException stalledError(IOException cause) {
      HttpTimeoutException error =
          new HttpTimeoutException(
              "no response bytes for longer than the read timeout of "
                  + Duration.ofNanos(timeoutNanos));
      if (cause != null) {
        error.initCause(cause);
      }
      return error;
    }

    @Override
    public void close() throws IOException {
      check.cancel(false);
      super.close();
    }
  }
}
