package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.client.FixtureClients.client;
import static org.mixpanellakeflow.client.FixtureClients.serviceAccount;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies that arrive over time: large ones must stream, stalled ones must time out. */
class TestExportStreaming {

  private static final ExportRequest ONE_DAY =
      ExportRequest.days(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1));
  private static final int EVENTS = 200_000;

  /** Numbers from here on have the same width, and so do the lines carrying them. */
  private static final long FIRST_N = 1_000_000;

  /**
   * How far the server may run ahead of the reader: socket buffers on both ends plus the HTTP
   * client's queue (1-3 MB seen on loopback). Were the body buffered, the server would finish all
   * of its 42 MB before the first event arrived.
   */
  private static final long MAX_BYTES_IN_FLIGHT = 12L * 1024 * 1024;

  private FixtureServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startServer() throws IOException {
    server = FixtureServer.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.close();
  }

  @Test
  void readsAHugeDayWhileTheServerIsStillWriting() {
    AtomicLong written = new AtomicLong();
    int lineBytes = fixedWidthLine(0).length;
    server.then(
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          for (int i = 0; i < EVENTS; i++) {
            byte[] line = fixedWidthLine(i);
            out.write(line);
            written.addAndGet(line.length);
          }
        });
    long totalBytes = (long) EVENTS * lineBytes;
    long maxLag = 0;
    long events = 0;

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        ExportStream<ExportedEvent> stream = client.export(ONE_DAY)) {
      while (stream.hasNext()) {
        ExportedEvent event = stream.next();
        events++;
        if (events % 5_000 == 0) {
          assertThat(event.properties().get("n")).isEqualTo(FIRST_N + events - 1);
          long consumed = stream.linesRead() * lineBytes;
          maxLag = Math.max(maxLag, written.get() - consumed);
        }
      }
    }

    assertThat(events).isEqualTo(EVENTS);
    assertThat(totalBytes).isGreaterThan(3 * MAX_BYTES_IN_FLIGHT);

    assertThat(maxLag).isLessThan(MAX_BYTES_IN_FLIGHT);
  }

  @Test
  void bodyThatStallsMidStreamFailsAfterTheReadTimeout() {
    server.then(
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write(fixedWidthLine(0));
          out.write(fixedWidthLine(1));
          out.flush();
          awaitRelease();
        });

    try (MixpanelClient client =
            client(serviceAccount(server).readTimeout(Duration.ofMillis(300)), sleeper);
        ExportStream<ExportedEvent> stream = client.export(ONE_DAY)) {
      stream.next();
      stream.next();

      assertThatThrownBy(stream::hasNext)
          .isInstanceOf(MixpanelProtocolException.class)
          .hasMessage(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) response was"
                  + " truncated at line 3 (no response bytes for longer than the read timeout of"
                  + " PT0.3S); events before it may be incomplete: discard them and re-read the"
                  + " window.");
    }
  }

  @Test
  void bodyThatNeverStartsTimesOutAsARetryableFailure() {
    FixtureServer.Response silent =
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          exchange.getResponseBody().flush();
          awaitRelease();
        };
    server.then(silent).then(silent);

    try (MixpanelClient client =
        client(
            serviceAccount(server).readTimeout(Duration.ofMillis(300)).maxAttempts(2), sleeper)) {
      assertThatThrownBy(() -> client.export(ONE_DAY))
          .isInstanceOf(MixpanelException.class)
          .hasMessage(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) failed with"
                  + " timeout after 2 attempts. No response within the connect or read timeout;"
                  + " Mixpanel may be busy or the window too large: try again later or export"
                  + " shorter windows.");
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1));
    }
  }

  private void awaitRelease() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lines of one length, so bytes consumed follow from lines read. */
  private static byte[] fixedWidthLine(int n) {
    String line =
        String.format(
            "{\"event\":\"Page viewed\",\"properties\":{\"time\":%d,\"distinct_id\":\"u-%07d\","
                + "\"$insert_id\":\"%032d\",\"n\":%d,\"mp_lib\":\"web\",\"$browser\":\"Chrome\","
                + "\"$city\":\"Berlin\",\"plan\":\"pro\"}}\n",
            1714521600000L + n, n % 50_000, n, FIRST_N + n);
    return line.getBytes(StandardCharsets.UTF_8);
  }
}
