package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.client.FixtureClients.client;
import static org.mixpanellakeflow.client.FixtureClients.serviceAccount;
import static org.mixpanellakeflow.client.FixtureServer.gzipped;
import static org.mixpanellakeflow.client.FixtureServer.text;
import static org.mixpanellakeflow.client.TestExportStream.line;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spooled exports: nothing is handed out until the whole window arrived intact. */
class TestMixpanelClientSpool {

  private static final ExportRequest ONE_DAY =
      ExportRequest.days(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1));

  @TempDir Path spool;
  private FixtureServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void startServer() throws IOException {
    server = FixtureServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void keepsTheGzipBodyCompressedOnDiskAndDeletesItOnClose() throws IOException {
    server.then(gzipped(lines(0, 300)));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      ExportStream<ExportedEvent> stream = client.exportSpooled(ONE_DAY, spool);
      List<Path> files = files();
      assertThat(files).hasSize(1);
      assertThat(files.get(0).getFileName().toString()).endsWith(".jsonl.gz");
      try (InputStream in = Files.newInputStream(files.get(0))) {
        assertThat(in.readNBytes(2)).containsExactly(0x1f, 0x8b);
      }

      assertThat(names(stream)).hasSize(300).startsWith("e0", "e1").endsWith("e299");
      assertThat(files()).isEmpty();
    }
  }

  @Test
  void truncatedBodyRetriesTheWholeWindowBeforeAnyEventIsHandedOut() throws IOException {
    server.then(text(200, lines(0, 5) + "terminated early")).then(text(200, lines(100, 3)));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThat(names(client.exportSpooled(ONE_DAY, spool)))
          .containsExactly("e100", "e101", "e102");
      assertThat(server.requests()).hasSize(2);
      assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1));
      assertThat(files()).isEmpty();
    }
  }

  @Test
  void connectionCutMidBodyRetriesTheWholeWindow() throws IOException {
    try (SocketFixture sockets = new SocketFixture();
        MixpanelClient client = client(serviceAccount(sockets), sleeper)) {
      sockets.thenCutAfter(lines(0, 50)).thenOk(lines(200, 2));

      assertThat(names(client.exportSpooled(ONE_DAY, spool))).containsExactly("e200", "e201");
      assertThat(sockets.requests()).isEqualTo(2);
    }
  }

  @Test
  void truncationThatOutlastsTheRetriesFailsAndLeavesNoFile() throws IOException {
    server.then(text(200, lines(0, 2) + "terminated early")).then(text(200, "terminated early"));

    try (MixpanelClient client = client(serviceAccount(server).maxAttempts(2), sleeper)) {
      assertThatThrownBy(() -> client.exportSpooled(ONE_DAY, spool))
          .isInstanceOf(MixpanelProtocolException.class)
          .hasMessage(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) response was"
                  + " truncated at line 1 (the body ends with 'terminated early'); events before"
                  + " it may be incomplete: discard them and re-read the window.");
      assertThat(files()).isEmpty();
    }
  }

  @Test
  void malformedLineInTheMiddleFailsTheReadAtItsLineAfterOneRequest() throws IOException {
    // the spool checks only how the body ends; a bad line in the middle is found when it is read
    server.then(text(200, lines(0, 2) + "{not json}\n" + lines(2, 2)));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      ExportStream<ExportedEvent> stream = client.exportSpooled(ONE_DAY, spool);
      assertThat(stream.next().name()).isEqualTo("e0");
      assertThat(stream.next().name()).isEqualTo("e1");
      assertThatThrownBy(stream::hasNext)
          .isInstanceOf(MixpanelProtocolException.class)
          .hasMessageStartingWith(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) returned"
                  + " malformed data at line 3: the line is not valid JSON (");
      assertThat(server.requests()).hasSize(1);
      assertThat(files()).isEmpty();
    }
  }

  @Test
  void skippedLinesAreCountedOnceWhenSpooled() throws IOException {
    server.then(text(200, lines(0, 2) + "{not json}\n" + lines(2, 2)));

    try (MixpanelClient client = client(serviceAccount(server).skipMalformedLines(), sleeper)) {
      ExportStream<ExportedEvent> stream = client.exportSpooled(ONE_DAY, spool);

      assertThat(names(stream)).containsExactly("e0", "e1", "e2", "e3");
      assertThat(stream.malformedLines()).isEqualTo(1);
      assertThat(client.stats().malformedLines()).isEqualTo(1);
    }
  }

  @Test
  void lastRecordCutAfterANestedObjectIsRetriedButASplitLastRecordIsJoined() throws IOException {
    String cut = "{\"event\":\"late\",\"properties\":{\"time\":5,\"cart\":{\"sku\":1}";
    String split = "{\"event\":\"split\",\"properties\":{\"time\":6,\n\"x\":1}}\n";
    server.then(text(200, lines(0, 2) + cut)).then(text(200, lines(0, 2) + split));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      ExportStream<ExportedEvent> stream = client.exportSpooled(ONE_DAY, spool);

      assertThat(server.requests()).as("the cut body was asked for again").hasSize(2);
      assertThat(names(stream)).containsExactly("e0", "e1", "split");
      assertThat(stream.rejoinedLines()).isEqualTo(1);
    }
  }

  @Test
  void decodesEachLineOnceWithTheCallersDecoder() throws IOException {
    server.then(text(200, lines(0, 3)));
    List<String> decoded = new java.util.ArrayList<>();
    ExportLineDecoder<String> raw = (line, length, lineNumber) -> {
      String text = new String(line, 0, length, java.nio.charset.StandardCharsets.UTF_8);
      decoded.add(lineNumber + ":" + text);
      return text;
    };

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        ExportStream<String> stream = client.exportSpooled(ONE_DAY, spool, 100, raw)) {
      List<String> lines = new java.util.ArrayList<>();
      stream.forEachRemaining(lines::add);

      assertThat(lines).containsExactly(line("e0", 0), line("e1", 1), line("e2", 2));
      assertThat(decoded).containsExactly(
          "1:" + line("e0", 0), "2:" + line("e1", 1), "3:" + line("e2", 2));
    }
  }

  @Test
  void emptyWindowLeavesNoFile() throws IOException {
    server.then(text(200, ""));

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        ExportStream<ExportedEvent> stream = client.exportSpooled(ONE_DAY, spool)) {
      assertThat(stream.hasNext()).isFalse();
      assertThat(files()).isEmpty();
    }
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> listing = Files.list(spool)) {
      return listing.toList();
    }
  }

  private static String lines(int first, int count) {
    StringBuilder body = new StringBuilder();
    for (int i = first; i < first + count; i++) {
      body.append(line("e" + i, i)).append('\n');
    }
    return body.toString();
  }

  private static List<String> names(ExportStream<ExportedEvent> stream) {
    List<String> names = new ArrayList<>();
    try (stream) {
      stream.forEachRemaining(e -> names.add(e.name()));
    }
    return names;
  }
}
