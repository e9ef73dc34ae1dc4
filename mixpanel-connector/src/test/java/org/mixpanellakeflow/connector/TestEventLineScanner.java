package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.emulator.EmulatedProject;

/**
 * The scanner reads the lines Mixpanel writes without Jackson, and whatever it reads gets the row
 * the Jackson path gives; whatever it leaves (malformed lines above all) is read by Jackson, so
 * errors stay Jackson's. Compared line by line on generated days, on hand-written edges, and on
 * tens of thousands of random corruptions of them.
 */
class TestEventLineScanner {

  static final long GENERATED_AT = 1_717_000_000_000L;
  static final EventTime UTC = EventTime.forProject(null, ZoneOffset.UTC);

  /** Lines the scanner reads itself, each at an edge of the grammar or of the row's rules. */
  static final List<String> READ = List.of(
      "{\"event\":\"Escapes\",\"properties\":{\"$insert_id\":\"e\\\"1\",\"time\":1,"
          + "\"s\":\"tab\\there\\nnl \\\\ \\/ \\b\\f\\r \\u00e9 \\u6771 \\ud83d\\ude80 \\u0000\","
          + "\"na\\u006de\":\"escaped name\",\"$os\":\"\\u004c\"}}",
      " { \"event\" : \"Spaces\" , \"properties\" : { \"$insert_id\" : \"s-1\" , \"time\" : 12 ,"
          + " \"list\" : [ 1 , { \"a\" : [ ] } , \"x\" ] , \"$city\" : null } } \t",
      "{\"event\":\"Raw UTF-8 ü 東京 🚀\",\"properties\":{\"$insert_id\":\"ü-1\",\"time\":2,"
          + "\"distinct_id\":\"東京\",\"emoji\":\"🚀\"}}",
      "{\"event\":\"Numbers\",\"properties\":{\"$insert_id\":\"n-1\",\"time\":-0,"
          + "\"$screen_width\":1.0,\"$screen_height\":1e3,\"mp_processing_time_ms\":9223372036854775807,"
          + "\"$mp_api_timestamp_ms\":9223372036854775808,\"a\":-1.5E+10,\"b\":0.000,\"c\":123456789012345678901,"
          + "\"d\":1e-99999999999,\"$browser_version\":-12.50e-3}}",
      "{\"event\":\"Long slots\",\"properties\":{\"$insert_id\":\"l-1\",\"time\":\"1717000000000\","
          + "\"$screen_width\":\"0640\",\"$screen_height\":true,\"mp_processing_time_ms\":[1],"
          + "\"$mp_api_timestamp_ms\":\"-5\",\"$os\":false,\"$region\":{\"x\":1},\"$browser\":12}}",
      "{\"event\":\"Ids\",\"properties\":{\"$insert_id\":7.5,\"time\":3,\"distinct_id\":\"u\","
          + "\"$distinct_id_before_identity\":\"d\"}}",
      "{\"event\":\"Custom distinct id\",\"properties\":{\"$insert_id\":\"c-1\",\"time\":4,"
          + "\"distinct_id\":{\"nested\":true}}}",
      "{\"event\":\"Repeated names\",\"properties\":{\"$insert_id\":\"r-1\",\"$insert_id\":\"r-2\","
          + "\"x\":1,\"x\":null,\"$os\":\"a\",\"$os\":{}}}",
      "{\"event\":\"Repeated nested names\",\"properties\":{\"$insert_id\":\"r-3\","
          + "\"n\":{\"k\":1,\"k\":{\"gone\":[1]},\"k\":{\"deep\":2}},\"l\":[{\"a\":1,\"a\":2}]}}",
      "{\"other\":[{\"deep\":{\"er\":[[[]]]}}],\"properties\":{\"$insert_id\":\"o-1\"},\"event\":\"\"}",
      "{\"event\":\"Surrogates nested\",\"properties\":{\"$insert_id\":\"a\",\"s\":[\"\\ud83d\\ude80\","
          + "{\"lone\":\"\\ud800\",\"\\ud83d\\ude80\":1,\"a\\\\udc00\":2}]}}",
      "{\"event\":\"Empty\",\"properties\":{\"$insert_id\":\"e-1\",\"\":\"\",\"empty\":{},\"none\":[]}}");

  /** Lines the scanner leaves to Jackson, though they are events or JSON. */
  static final List<String> LEFT = List.of(
      "{\"event\":\"Lone surrogate\",\"properties\":{\"$insert_id\":\"a\",\"s\":\"\\ud800\"}}",
      "{\"event\":\"Lone low\",\"properties\":{\"$insert_id\":\"a\",\"s\":\"x\\udc00\"}}",
      // Jackson 2.21 (Spark 4.1) rejects these names, 2.18 (Spark 4.0) reads them: Jackson decides
      "{\"event\":\"Lone low in a nested name\",\"properties\":{\"$insert_id\":\"a\",\"s\":[{\"\\udc00\":1}]}}",
      "{\"event\":\"Lone high in a nested name\",\"properties\":{\"$insert_id\":\"a\",\"s\":{\"\\ud800x\":1}}}",
      "{\"event\":\"Reversed pair in a nested name\",\"properties\":{\"$insert_id\":\"a\",\"s\":{\"\\ude80\\ud83d\":1}}}",
      "{\"event\":\"No id\",\"properties\":{\"time\":1,\"page\":\"/\"}}",
      "{\"event\":\"Twice\",\"properties\":{\"$insert_id\":\"a\"},\"properties\":{\"$insert_id\":\"b\"}}",
      "{\"event\":\"a\",\"event\":\"b\",\"properties\":{\"$insert_id\":\"a\"}}",
      "{\"ev\\u0065nt\":\"escaped top-level name\",\"properties\":{\"$insert_id\":\"a\"}}",
      "{\"event\":5,\"properties\":{\"$insert_id\":\"a\"}}",
      "{\"event\":\"x\",\"properties\":[]}",
      "[1,2]",
      "{}",
      "\uFEFF{\"event\":\"BOM\",\"properties\":{\"$insert_id\":\"a\"}}",
      "{\"event\":\"Deep\",\"properties\":{\"$insert_id\":\"a\",\"d\":" + "[".repeat(300) + "]".repeat(300) + "}}");

  /** Not JSON: Jackson's error must come out, as before the scanner. */
  static final List<String> MALFORMED = List.of(
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"n\":01}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"n\":1.}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"n\":-}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"n\":+1}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"n\":NaN}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"n\":tru}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"n\":truex}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"l\":[1,]}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"s\":\"bad \\x escape\"}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"s\":\"bad \\u12 escape\"}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"s\":\"tab\tinside\"}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",'single':1}}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\"}} {}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\"}",
      "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"s\":\"unterminated}}",
      "");

  @Test
  void readsEveryGeneratedEventItself() throws Exception {
    EventLineScanner scanner = new EventLineScanner(new EventRowBuilder(GENERATED_AT, UTC));
    int read = 0;
    for (String line : generated()) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertThat(scanner.scan(bytes, bytes.length)).as(line).isTrue();
      read++;
    }
    assertThat(read).isEqualTo(3_000);
  }

  @Test
  void readsTheEdgesItselfAndGivesTheJacksonPathsRows() throws Exception {
    EventLineScanner scanner = new EventLineScanner(new EventRowBuilder(GENERATED_AT, UTC));
    for (String line : READ) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertThat(scanner.scan(bytes, bytes.length)).as(line).isTrue();
      assertSameOutcome(bytes, UTC);
    }
    EventTime legacy = EventTime.forProject(LocalDate.of(2020, 1, 1), ZoneId.of("America/Los_Angeles"));
    for (String line : READ) {
      assertSameOutcome(line.getBytes(StandardCharsets.UTF_8), legacy);
    }
  }

  @Test
  void leavesRareShapesAndMalformedLinesToJackson() throws Exception {
    EventLineScanner scanner = new EventLineScanner(new EventRowBuilder(GENERATED_AT, UTC));
    List<String> left = new ArrayList<>(LEFT);
    left.addAll(MALFORMED);
    for (String line : left) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertThat(scanner.scan(bytes, bytes.length)).as(line).isFalse();
      assertSameOutcome(bytes, UTC);
    }
    byte[] badUtf8 = "{\"event\":\"x\",\"properties\":{\"$insert_id\":\"a\",\"s\":\"a??b\"}}"
        .getBytes(StandardCharsets.UTF_8);
    for (byte[] invalid : new byte[][] {{(byte) 0xc3, '('}, {(byte) 0xed, (byte) 0xa0}, {(byte) 0xc0, (byte) 0x80}}) {
      byte[] line = badUtf8.clone();
      int at = new String(line, StandardCharsets.US_ASCII).indexOf("??");
      line[at] = invalid[0];
      line[at + 1] = invalid[1];
      assertThat(scanner.scan(line, line.length)).isFalse();
      assertSameOutcome(line, UTC);
    }
  }

  /**
   * Every line in reach of one to three random byte edits of the edges and of generated events
   * (bytes JSON gives meaning to, and invalid UTF-8): the fast decoder's outcome, a row, no row,
   * or Jackson's exception, is the Jackson path's.
   */
  @Test
  void randomCorruptionsGiveTheJacksonPathsOutcome() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (String line : READ) {
      seeds.add(line.getBytes(StandardCharsets.UTF_8));
    }
    for (String line : generated().subList(0, 40)) {
      seeds.add(line.getBytes(StandardCharsets.UTF_8));
    }
    byte[] alphabet = "\"\\{}[],: \t0123456789-+.eEtrufalsn/xu".getBytes(StandardCharsets.US_ASCII);
    byte[] odd = {0, 0x1f, 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc3, (byte) 0xe6, (byte) 0xed,
        (byte) 0xf0, (byte) 0xff};
    Random random = new Random(42);
    // with a VARIANT beside the struct, so both and the VARIANT's bytes are compared
    PropertiesFormat format = PropertiesFormat.STRUCT_AND_VARIANT;
    EventRowDecoder fast = new EventRowDecoder(GENERATED_AT, UTC, format);
    EventRowDecoder jackson = new EventRowDecoder(GENERATED_AT, UTC, format, false);
    int rows = 0;
    int errors = 0;
    for (int n = 0; n < 30_000; n++) {
      byte[] line = seeds.get(random.nextInt(seeds.size())).clone();
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(line.length);
        byte with = random.nextInt(5) == 0 ? odd[random.nextInt(odd.length)] : alphabet[random.nextInt(alphabet.length)];
        switch (random.nextInt(3)) {
          case 0 -> line[at] = with;
          case 1 -> {
            byte[] longer = new byte[line.length + 1];
            System.arraycopy(line, 0, longer, 0, at);
            longer[at] = with;
            System.arraycopy(line, at, longer, at + 1, line.length - at);
            line = longer;
          }
          default -> {
            if (line.length > 1) {
              byte[] shorter = new byte[line.length - 1];
              System.arraycopy(line, 0, shorter, 0, at);
              System.arraycopy(line, at + 1, shorter, at, line.length - at - 1);
              line = shorter;
            }
          }
        }
      }
      Object expected = outcome(jackson, line, format);
      assertThat(outcome(fast, line, format)).as(new String(line, StandardCharsets.UTF_8)).isEqualTo(expected);
      if (expected instanceof List) {
        rows++;
      } else if (expected instanceof String) {
        errors++;
      }
    }
    // the corruptions reach both sides: lines still read, and lines Jackson rejects
    assertThat(rows).isGreaterThan(3_000);
    assertThat(errors).isGreaterThan(3_000);
  }

  /** In every properties format, the VARIANT's bytes included. */
  private static void assertSameOutcome(byte[] line, EventTime eventTime) {
    for (PropertiesFormat format : PropertiesFormat.values()) {
      Object expected = outcome(new EventRowDecoder(GENERATED_AT, eventTime, format, false), line, format);
      assertThat(outcome(new EventRowDecoder(GENERATED_AT, eventTime, format), line, format))
          .as("%s: %s", format, new String(line, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }

  /** A row as plain values, "no row", or the exception's class and message. */
  private static Object outcome(EventRowDecoder decoder, byte[] line, PropertiesFormat format) {
    try {
      InternalRow row = decoder.decode(line, line.length, 1);
      return row == null ? "no row" : TestEventRowDecoder.canonical(row, MixpanelSchemas.events(format));
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static List<String> generated() throws Exception {
    EmulatedProject project = EmulatedProject.builder(778).apiSecret("scan")
        .timezone(ZoneId.of("UTC")).createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(1_500)
        .sharedInsertIdEvery(5).eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 2)).build();
    List<Map<String, Object>> events =
        project.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 2), Instant.parse("2024-06-03T00:00:00Z"));
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (Map<String, Object> event : events) {
      // bytes as the emulator writes them: characters beyond the BMP as escaped surrogate pairs
      lines.add(new String(json.writeValueAsBytes(event), StandardCharsets.UTF_8));
    }
    assertThat(lines).anyMatch(line -> line.contains("\\uD83E"));
    return lines;
  }
}
