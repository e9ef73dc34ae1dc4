package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.unsafe.types.VariantVal;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.client.ExportLineDecoder;
import org.mixpanellakeflow.client.ExportedEvent;
import org.mixpanellakeflow.connect.spark.RecordConverter;
import org.mixpanellakeflow.emulator.EmulatedProject;

/**
 * The row path ({@link EventRowDecoder}) gives every line the row the record path gives ({@link
 * EventRecords} then the source's {@link RecordConverter}): generated days of every JSON type, and
 * hand-written lines at every edge the record path handles.
 */
class TestEventRowDecoder {

  static final ObjectMapper JSON = new ObjectMapper();
  static final long GENERATED_AT = 1_717_000_000_000L;

  static final List<String> EDGES = List.of(
      "{\"event\":\"Exact\",\"properties\":{\"time\":1717000000123,\"distinct_id\":90210,"
          + "\"$insert_id\":\"a-1\",\"thousand\":1e3,\"big\":123456789012345678901234567890,"
          + "\"price\":-1.50,\"zero\":-0,\"$screen_height\":\"0123\",\"$screen_width\":1e3,"
          + "\"$mp_api_timestamp_ms\":99999999999999999999,\"mp_processing_time_ms\":\"1717000000999\","
          + "\"$browser_version\":120.0,\"$os\":true,\"$device_id\":[\"x\"],\"$city\":null,"
          + "\"nested\":{\"b\":1,\"a\":[1,2,{\"c\":null}]},\"empty\":{},\"none\":null,\"yes\":true}}",
      "{\"properties\":{\"$insert_id\":\"b-1\",\"time\":5},\"event\":\"Order reversed\"}",
      "{\"event\":\"Repeated\",\"properties\":{\"$insert_id\":\"c-1\",\"$os\":\"Linux\",\"$os\":7,"
          + "\"plan\":\"a\",\"plan\":\"b\",\"$screen_width\":\"wide\",\"$screen_width\":640}}",
      "{\"event\":\"Merged\",\"properties\":{\"$insert_id\":\"d-1\",\"time\":7,"
          + "\"distinct_id\":\"user-7\",\"$distinct_id_before_identity\":\"$device:abc\"}}",
      "{\"event\":\"No id\",\"properties\":{\"time\":1717000000000,\"distinct_id\":\"$device:abc\","
          + "\"page\":\"/home\",\"$city\":\"Paris\"}}",
      "{\"event\":\"Numeric id\",\"properties\":{\"$insert_id\":12345,\"time\":8}}",
      "{\"event\":\"Empty id\",\"properties\":{\"$insert_id\":\"\",\"time\":9,\"x\":\"y\"}}",
      "{\"event\":\"Unicode ü 東京 🚀\",\"properties\":{\"$insert_id\":\"e-1\",\"s\":\"a\\\"b\\\\c\\u0001\","
          + "\"$current_url\":\"https://example.com/ü?q=1&r=2\"}}",
      "{\"event\":\"Twice\",\"properties\":{\"$insert_id\":\"f-1\",\"x\":1},\"properties\":{\"$insert_id\":\"f-2\",\"y\":2}}",
      "{\"event\":\"Extra\",\"other\":{\"deep\":[1,2]},\"properties\":{\"$insert_id\":\"g-1\"}}");

  @Test
  void givesEveryGeneratedEventTheRecordPathsRow() throws Exception {
    EmulatedProject project = EmulatedProject.builder(777).apiSecret("rows")
        .timezone(ZoneId.of("UTC")).createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(2_000)
        .sharedInsertIdEvery(7).eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 2)).build();
    List<Map<String, Object>> events =
        project.events(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 2), Instant.parse("2024-06-03T00:00:00Z"));
    assertThat(events).hasSize(4_000);

    int compared = 0;
    for (Map<String, Object> event : events) {
      assertSameRow(JSON.writeValueAsString(event), EventTime.forProject(null, ZoneOffset.UTC));
      compared++;
    }
    assertThat(compared).isEqualTo(4_000);
  }

  @Test
  void givesEveryEdgeTheRecordPathsRow() throws Exception {
    for (String line : EDGES) {
      assertSameRow(line, EventTime.forProject(null, ZoneOffset.UTC));
    }
  }

  @Test
  void normalisesLegacyTimesAsTheRecordPathDoes() throws Exception {
    EventTime legacy = EventTime.forProject(LocalDate.of(2020, 1, 1), ZoneId.of("America/Los_Angeles"));
    for (String line : EDGES) {
      assertSameRow(line, legacy);
    }
  }

  @Test
  void keepsNestedValuesAsTheBytesSentAndExactNumbers() throws Exception {
    InternalRow row = decode(EDGES.get(0), EventTime.forProject(null, ZoneOffset.UTC));

    Map<String, Object> custom = canonicalMap(properties(row).getMap(20));
    assertThat(custom)
        .containsEntry("nested", "{\"b\":1,\"a\":[1,2,{\"c\":null}]}")
        .containsEntry("thousand", "1e3")
        .containsEntry("zero", "-0")
        .containsEntry("big", "123456789012345678901234567890");
  }

  /** Numbers by value (exponents exact), nested objects with sorted keys, the raw time. */
  @Test
  void holdsEveryPropertyAsSentInTheVariant() throws Exception {
    String expected = "{\"$browser_version\":120,\"$city\":null,\"$device_id\":[\"x\"],\"$insert_id\":\"a-1\","
        + "\"$mp_api_timestamp_ms\":99999999999999999999,\"$os\":true,\"$screen_height\":\"0123\","
        + "\"$screen_width\":1000,\"big\":123456789012345678901234567890,\"distinct_id\":90210,"
        + "\"empty\":{},\"mp_processing_time_ms\":\"1717000000999\",\"nested\":{\"a\":[1,2,{\"c\":null}],\"b\":1},"
        + "\"none\":null,\"price\":-1.5,\"thousand\":1000,\"time\":1717000000123,\"yes\":true,\"zero\":-0.0}";
    EventTime utc = EventTime.forProject(null, ZoneOffset.UTC);
    EventTime legacy = EventTime.forProject(LocalDate.of(2020, 1, 1), ZoneId.of("America/Los_Angeles"));

    InternalRow both = decode(EDGES.get(0), utc, PropertiesFormat.STRUCT_AND_VARIANT);
    assertThat(both.numFields()).isEqualTo(6);
    assertThat(both.getVariant(5).toJson(ZoneOffset.UTC)).isEqualTo(expected);
    assertThat(canonical(properties(both), (StructType) MixpanelSchemas.EVENTS.apply("properties").dataType()))
        .isEqualTo(canonical(properties(decode(EDGES.get(0), utc)),
            (StructType) MixpanelSchemas.EVENTS.apply("properties").dataType()));

    InternalRow only = decode(EDGES.get(0), legacy, PropertiesFormat.VARIANT);
    assertThat(only.numFields()).isEqualTo(6);
    assertThat(only.getVariant(3).toJson(ZoneOffset.UTC)).as("the time as exported").isEqualTo(expected);
    assertThat(only.getLong(2)).as("the typed time in true UTC")
        .isEqualTo(legacy.toUtcMillis(1_717_000_000_123L))
        .isEqualTo(properties(decode(EDGES.get(0), legacy)).getLong(0));
    assertThat(only.getUTF8String(5)).as("the same key in every format")
        .isEqualTo(decode(EDGES.get(0), legacy).getUTF8String(4));
  }

  @Test
  void tellsNotAnEventFromInvalidJsonAsTheRecordPathDoes() throws Exception {
    EventRowDecoder decoder = new EventRowDecoder(GENERATED_AT, EventTime.forProject(null, ZoneOffset.UTC));
    for (String notAnEvent : List.of("[1,2]", "\"text\"", "{\"event\":5,\"properties\":{}}",
        "{\"event\":\"x\"}", "{\"event\":\"x\",\"properties\":[]}")) {
      byte[] bytes = notAnEvent.getBytes(StandardCharsets.UTF_8);
      assertThat(decoder.decode(bytes, bytes.length, 1)).as(notAnEvent).isNull();
      assertThat(ExportLineDecoder.EVENTS.decode(bytes, bytes.length, 1)).as(notAnEvent).isNull();
    }
    byte[] badUtf8 = "{\"event\":\"x\",\"properties\":{\"s\":\"a?b\"}}".getBytes(StandardCharsets.UTF_8);
    badUtf8[33] = (byte) 0xc3; // a lead byte followed by '(' (not a continuation)
    badUtf8[34] = '(';
    assertThatThrownBy(() -> decoder.decode(badUtf8, badUtf8.length, 1))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> ExportLineDecoder.EVENTS.decode(badUtf8, badUtf8.length, 1))
        .isInstanceOf(JsonProcessingException.class);
    for (String invalid : List.of("{not json}", "{\"event\":\"x\",\"properties\":{\"a\":1}",
        "{\"event\":\"x\",\"properties\":{}} trailing", "")) {
      byte[] bytes = invalid.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> decoder.decode(bytes, bytes.length, 1)).as(invalid)
          .isInstanceOf(JsonProcessingException.class);
      assertThatThrownBy(() -> ExportLineDecoder.EVENTS.decode(bytes, bytes.length, 1)).as(invalid)
          .isInstanceOf(JsonProcessingException.class);
    }
  }

  /** In every properties format: the row path's row is the record path's. */
  private static void assertSameRow(String line, EventTime eventTime) throws Exception {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    ExportedEvent event = ExportLineDecoder.EVENTS.decode(bytes, bytes.length, 1);
    for (PropertiesFormat format : PropertiesFormat.values()) {
      StructType schema = MixpanelSchemas.events(format);
      InternalRow expected = new RecordConverter(MixpanelConnector.EVENTS, schema)
          .convert(EventRecords.toRecord(event, GENERATED_AT, eventTime, format));
      assertThat(canonical(decode(line, eventTime, format), schema))
          .as("%s: %s", format, line)
          .isEqualTo(canonical(expected, schema));
    }
  }

  private static InternalRow decode(String line, EventTime eventTime) throws Exception {
    return decode(line, eventTime, PropertiesFormat.STRUCT);
  }

  private static InternalRow decode(String line, EventTime eventTime, PropertiesFormat format)
      throws Exception {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    // the decoder is used for many lines in a row: its per-line state must not leak
    EventRowDecoder decoder = new EventRowDecoder(GENERATED_AT, eventTime, format);
    byte[] other = EDGES.get(0).getBytes(StandardCharsets.UTF_8);
    decoder.decode(other, other.length, 1);
    return decoder.decode(bytes, bytes.length, 2);
  }

  private static InternalRow properties(InternalRow row) {
    return row.getStruct(2, 21);
  }

  /**
   * A row as plain values: strings, longs, lists for structs, sorted maps for maps, and a
   * VARIANT's JSON with its bytes (equal VARIANTs are equal to the byte).
   */
  static List<Object> canonical(InternalRow row, StructType schema) {
    List<Object> values = new ArrayList<>();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      if (row.isNullAt(i)) {
        values.add(null);
      } else if (fields[i].dataType() instanceof StructType struct) {
        values.add(canonical(row.getStruct(i, struct.size()), struct));
      } else if (fields[i].dataType() instanceof MapType) {
        values.add(canonicalMap(row.getMap(i)));
      } else if (fields[i].dataType() instanceof VariantType) {
        VariantVal variant = row.getVariant(i);
        values.add(List.of(variant.toJson(ZoneOffset.UTC), HexFormat.of().formatHex(variant.getValue()),
            HexFormat.of().formatHex(variant.getMetadata())));
      } else {
        Object value = row.get(i, fields[i].dataType());
        values.add(value instanceof UTF8String s ? s.toString() : value);
      }
    }
    return values;
  }

  static Map<String, Object> canonicalMap(MapData map) {
    Map<String, Object> sorted = new TreeMap<>();
    for (int i = 0; i < map.numElements(); i++) {
      Object value = map.valueArray().isNullAt(i) ? null : map.valueArray().getUTF8String(i).toString();
      sorted.put(map.keyArray().getUTF8String(i).toString(), value);
    }
    return sorted;
  }
}
