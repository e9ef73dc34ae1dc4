package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class TestExportStream {

  private static final String ENDPOINT = "/api/2.0/export";
  private static final String CONTEXT = "project 7, window 2024-05-01..2024-05-01";
  private static final MixpanelErrors ERRORS =
      new MixpanelErrors(MixpanelCredentials.projectSecret("sekrit"), Clock.systemUTC());

  @Test
  void parsesTypedPropertiesFromEachLine() throws IOException {
    ExportStream<ExportedEvent> stream =
        open(
            "{\"event\":\"Signed"
                + " up\",\"properties\":{\"time\":1714521600123,\"distinct_id\":\"u-1\",\"price\":9.5,\"paid\":true,\"coupon\":null,\"tags\":[\"a\",1],\"nested\":{\"depth\":2},\"big\":123456789012345678901234,\"exp\":1e3,\"zero\":-0,\"max\":9223372036854775807}}\n");

    List<ExportedEvent> events = drain(stream);

    assertThat(events).hasSize(1);
    ExportedEvent event = events.get(0);
    assertThat(event.name()).isEqualTo("Signed up");
    assertThat(event.lineNumber()).isEqualTo(1);
    Map<String, Object> properties = event.properties();
    assertThat(properties.get("time")).isEqualTo(1714521600123L);
    assertThat(properties.get("distinct_id")).isEqualTo("u-1");
    assertThat(properties.get("price")).isEqualTo(new JsonNumber("9.5"));
    assertThat(properties.get("big")).hasToString("123456789012345678901234");
    assertThat(properties.get("exp")).hasToString("1e3");
    assertThat(properties.get("zero")).hasToString("-0");
    assertThat(properties.get("max")).isEqualTo(Long.MAX_VALUE);
    assertThat(properties.get("paid")).isEqualTo(true);
    assertThat(properties).containsEntry("coupon", null);
    assertThat(properties.get("tags")).isEqualTo(List.of("a", 1L));
    assertThat(properties.get("nested")).isEqualTo(Map.of("depth", 2L));
  }

  @Test
  void skipsBlankLinesAndAcceptsCrLfAndMissingFinalNewline() throws IOException {
    ExportStream<ExportedEvent> stream = open(line("a", 1) + "\r\n\n   \n" + line("b", 2));

    List<ExportedEvent> events = drain(stream);

    assertThat(events).extracting(ExportedEvent::name).containsExactly("a", "b");
    assertThat(events).extracting(ExportedEvent::lineNumber).containsExactly(1L, 4L);
    assertThat(stream.linesRead()).isEqualTo(4);
  }

  @Test
  void emptyBodyHasNoEvents() throws IOException {
    ExportStream<ExportedEvent> stream = open("");

    assertThat(stream.hasNext()).isFalse();
    assertThatThrownBy(stream::next)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("the export stream is exhausted after 0 lines");
  }

  @Test
  void terminatedEarlyMarkerFailsWithLineNumberAndAdvice() throws IOException {
    ExportStream<ExportedEvent> stream = open(line("a", 1) + "\n" + line("b", 2) + "\nterminated early\n");
    List<String> seen = new ArrayList<>();

    assertThatThrownBy(() -> stream.forEachRemaining(e -> seen.add(e.name())))
        .isInstanceOf(MixpanelProtocolException.class)
        .hasMessage(
            "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) response was"
                + " truncated at line 3 (the body ends with 'terminated early'); events before it"
                + " may be incomplete: discard them and re-read the window.")
        .extracting(e -> ((MixpanelProtocolException) e).lineNumber())
        .isEqualTo(3L);
    assertThat(seen).containsExactly("a", "b");
  }

  @Test
  void partialRecordFollowedByMarkerIsTruncation() throws IOException {
    ExportStream<ExportedEvent> stream = open(line("a", 1) + "\n{\"event\":\"b\",\"prop\nterminated early");
    stream.next();

    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(MixpanelProtocolException.class)
        .hasMessageContaining("truncated at line 2 (the last line is incomplete JSON)")
        .hasMessageContaining("re-read the window");
  }

  @Test
  void incompleteFinalLineIsTruncation() throws IOException {
    ExportStream<ExportedEvent> stream = open(line("a", 1) + "\n{\"event\":\"b\",\"properties\":{\"ti");
    stream.next();

    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(MixpanelProtocolException.class)
        .hasMessageContaining("truncated at line 2 (the last line is incomplete JSON)");
  }

  @Test
  void truncationBeforeTheFirstEventIsRetryable() {
    ExportStream<ExportedEvent> stream = stream("terminated early\n");

    assertThatThrownBy(stream::readFirst)
        .isInstanceOf(TruncatedBodyException.class)
        .hasMessage("the body ends with 'terminated early'");
  }

  @Test
  void malformedLineInTheMiddleFailsWithItsNumber() throws IOException {
    ExportStream<ExportedEvent> stream = open(line("a", 1) + "\n{not json}\n" + line("c", 3) + "\n");
    stream.next();

    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(MixpanelProtocolException.class)
        .hasMessageStartingWith(
            "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) returned"
                + " malformed data at line 2: the line is not valid JSON (")
        .hasMessageEndingWith(
            "). Re-read the window; if it persists, report the line to Mixpanel support.");
  }

  @Test
  void lineWithoutEventNameIsMalformed() {
    ExportStream<ExportedEvent> stream = stream("{\"properties\":{}}\n");

    assertThatThrownBy(stream::readFirst)
        .isInstanceOf(MixpanelProtocolException.class)
        .hasMessage(
            "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) returned"
                + " malformed data at line 1: expected an object with a string 'event' and an"
                + " object 'properties'. Re-read the window; if it persists, report the line to"
                + " Mixpanel support.");
  }

  @Test
  void lostConnectionMidBodyIsTruncation() throws IOException {
    byte[] first = (line("a", 1) + "\n").getBytes(StandardCharsets.UTF_8);
    InputStream failing =
        new InputStream() {
          private int position;

          @Override
          public int read() throws IOException {
            if (position < first.length) {
              return first[position++];
            }
            throw new IOException("Connection reset");
          }
        };
    ExportStream<ExportedEvent> stream = stream(failing, OnMalformedLine.FAIL, 2);
    stream.readFirst();
    stream.next();

    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(MixpanelProtocolException.class)
        .hasMessage(
            "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) response was"
                + " truncated at line 2 (Connection reset); events before it may be incomplete:"
                + " discard them and re-read the window.")
        .extracting(e -> ((MixpanelException) e).attempts())
        .isEqualTo(2);
  }

  @Test
  void skipsMalformedLinesWhenAskedAndCountsThem() throws IOException {
    ExportStream<ExportedEvent> stream =
        open(
            line("a", 1) + "\n{not json}\n{\"properties\":{}}\n" + line("d", 4) + "\n",
            OnMalformedLine.SKIP);

    List<ExportedEvent> events = drain(stream);

    assertThat(events).extracting(ExportedEvent::name).containsExactly("a", "d");
    assertThat(events).extracting(ExportedEvent::lineNumber).containsExactly(1L, 4L);
    assertThat(stream.malformedLines()).isEqualTo(2);
    assertThat(stream.rejoinedLines()).isZero();
  }

  @Test
  void rejoinsARecordSplitOverTwoLines() throws IOException {
    String whole = line("b", 2);
    int cut = whole.indexOf("\"distinct_id\"");
    ExportStream<ExportedEvent> stream =
        open(
            line("a", 1)
                + "\n"
                + whole.substring(0, cut)
                + "\n"
                + whole.substring(cut)
                + "\n"
                + line("c", 3)
                + "\n");

    List<ExportedEvent> events = drain(stream);

    assertThat(events).extracting(ExportedEvent::name).containsExactly("a", "b", "c");
    assertThat(events).extracting(ExportedEvent::lineNumber).containsExactly(1L, 2L, 4L);
    assertThat(events.get(1).properties()).containsEntry("distinct_id", "u-2");
    assertThat(stream.rejoinedLines()).isEqualTo(1);
    assertThat(stream.malformedLines()).isZero();
  }

  @Test
  void badLineThatDoesNotJoinLeavesTheNextLineIntact() throws IOException {
    ExportStream<ExportedEvent> stream =
        open(line("a", 1) + "\n{broken\n" + line("c", 3) + "\n", OnMalformedLine.SKIP);

    List<ExportedEvent> events = drain(stream);

    assertThat(events).extracting(ExportedEvent::name).containsExactly("a", "c");
    assertThat(stream.malformedLines()).isEqualTo(1);
    assertThat(stream.rejoinedLines()).isZero();
  }

  @Test
  void splitRecordCutOffAtTheEndIsTruncation() throws IOException {
    ExportStream<ExportedEvent> stream = open(line("a", 1) + "\n{\"event\":\"b\",\n\"properties\":{");
    stream.next();

    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(MixpanelProtocolException.class)
        .hasMessageContaining("truncated at line 2 (the last line is incomplete JSON)");
  }

  @Test
  void skippingNeverHidesATruncatedBody() throws IOException {
    ExportStream<ExportedEvent> stream = open(line("a", 1) + "\n{\"event\":\"b\"\n", OnMalformedLine.SKIP);
    stream.next();

    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(MixpanelProtocolException.class)
        .hasMessageContaining("truncated at line 2 (the last line is incomplete JSON)");
    assertThat(stream.malformedLines()).isZero();
  }

  @Test
  void closeStopsIteration() throws IOException {
    ExportStream<ExportedEvent> stream = open(line("a", 1) + "\n" + line("b", 2) + "\n");

    stream.close();

    assertThat(stream.hasNext()).isFalse();
  }

  static String line(String name, int i) {
    return "{\"event\":\""
        + name
        + "\",\"properties\":{\"time\":"
        + (1714521600000L + i)
        + ",\"distinct_id\":\"u-"
        + i
        + "\"}}";
  }

  private static ExportStream<ExportedEvent> stream(String body) {
    return stream(body, OnMalformedLine.FAIL);
  }

  private static ExportStream<ExportedEvent> stream(String body, OnMalformedLine onMalformedLine) {
    return stream(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), onMalformedLine, 1);
  }

  private static ExportStream<ExportedEvent> stream(
      InputStream body, OnMalformedLine onMalformedLine, int attempts) {
    ExportLines<ExportedEvent> lines =
        new ExportLines<>(
            body,
            ExportLineDecoder.EVENTS,
            onMalformedLine,
            ExportLines.Reporting.LOG_SKIPPED,
            ERRORS,
            ENDPOINT,
            CONTEXT,
            attempts);
    return new ExportStream<>(body, lines, () -> {});
  }

  private static ExportStream<ExportedEvent> open(String body) throws IOException {
    return open(body, OnMalformedLine.FAIL);
  }

  private static ExportStream<ExportedEvent> open(String body, OnMalformedLine onMalformedLine)
      throws IOException {
    ExportStream<ExportedEvent> stream = stream(body, onMalformedLine);
    stream.readFirst();
    return stream;
  }

  private static List<ExportedEvent> drain(ExportStream<ExportedEvent> stream) {
    List<ExportedEvent> events = new ArrayList<>();
    stream.forEachRemaining(events::add);
    return events;
  }
}
