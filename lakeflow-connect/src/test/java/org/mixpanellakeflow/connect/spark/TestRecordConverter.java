package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connect.LakeflowException;

class TestRecordConverter {

  private static final StructType EVENT =
      new StructType()
          .add("event", DataTypes.StringType, false)
          .add("time", DataTypes.LongType)
          .add(
              "properties",
              new StructType()
                  .add("$screen_width", DataTypes.LongType)
                  .add(
                      "items",
                      DataTypes.createArrayType(
                          new StructType().add("price", DataTypes.DoubleType))))
          .add("custom", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  @Test
  void convertsNestedRecordsByTheSchema() {
    Map<String, Object> record = new HashMap<>();
    record.put("event", "Signed up");
    record.put("time", 1_700_000_000L);
    record.put(
        "properties",
        Map.of("$screen_width", 1920, "items", List.of(Map.of("price", 9.5), Map.of("price", 3))));
    record.put("custom", Map.of("plan", "pro"));
    record.put("not_in_schema", "ignored");

    InternalRow row = new RecordConverter("events", EVENT).convert(record);

    assertThat(row.getUTF8String(0)).isEqualTo(UTF8String.fromString("Signed up"));
    assertThat(row.getLong(1)).isEqualTo(1_700_000_000L);
    InternalRow properties = row.getStruct(2, 2);
    assertThat(properties.getLong(0)).isEqualTo(1920L);
    assertThat(properties.getArray(1).numElements()).isEqualTo(2);
    assertThat(properties.getArray(1).getStruct(0, 1).getDouble(0)).isEqualTo(9.5);
    assertThat(properties.getArray(1).getStruct(1, 1).getDouble(0)).isEqualTo(3.0);
    MapData custom = row.getMap(3);
    assertThat(custom.keyArray().getUTF8String(0)).isEqualTo(UTF8String.fromString("plan"));
    assertThat(custom.valueArray().getUTF8String(0)).isEqualTo(UTF8String.fromString("pro"));
  }

  @Test
  void leavesMissingFieldsNull() {
    InternalRow row = new RecordConverter("events", EVENT).convert(Map.of("event", "e"));

    assertThat(row.isNullAt(1)).isTrue();
    assertThat(row.isNullAt(2)).isTrue();
    assertThat(row.isNullAt(3)).isTrue();
  }

  @Test
  void convertsLosslessNumbers() {
    assertThat(convert(DataTypes.LongType, 7)).isEqualTo(7L);
    assertThat(convert(DataTypes.LongType, 7.0)).isEqualTo(7L);
    assertThat(convert(DataTypes.LongType, BigInteger.valueOf(Long.MAX_VALUE)))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(convert(DataTypes.IntegerType, 7L)).isEqualTo(7);
    assertThat(convert(DataTypes.DoubleType, 1L << 53)).isEqualTo((double) (1L << 53));
    assertThat(convert(DataTypes.DoubleType, 2.5f)).isEqualTo(2.5);
    assertThat(convert(DataTypes.BooleanType, 1)).isEqualTo(true);
    assertThat(convert(DataTypes.BooleanType, 0L)).isEqualTo(false);
    assertThat(convert(DataTypes.StringType, 42L)).isEqualTo(UTF8String.fromString("42"));
    assertThat(convert(DataTypes.StringType, 1.5)).isEqualTo(UTF8String.fromString("1.5"));
    assertThat(convert(DataTypes.StringType, true)).isEqualTo(UTF8String.fromString("true"));
  }

  @Test
  void rejectsLossyNumbers() {
    assertThatThrownBy(() -> convert(DataTypes.LongType, 1.5))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Cannot convert field 'value' of table 't': got a Double value, expected BIGINT"
                + " (not a whole number within the BIGINT range)");
    assertThatThrownBy(() -> convert(DataTypes.IntegerType, 1L << 40))
        .hasMessage(
            "Cannot convert field 'value' of table 't': got a Long value, expected INT"
                + " (not a whole number within the INT range)");
    assertThatThrownBy(() -> convert(DataTypes.DoubleType, (1L << 53) + 1))
        .hasMessage(
            "Cannot convert field 'value' of table 't': got a Long value, expected DOUBLE"
                + " (a double cannot represent it exactly)");
    assertThatThrownBy(() -> convert(DataTypes.DoubleType, Long.MAX_VALUE))
        .hasMessageContaining("a double cannot represent it exactly");
    assertThatThrownBy(() -> convert(DataTypes.BooleanType, 2))
        .hasMessage(
            "Cannot convert field 'value' of table 't': got a Integer value, expected BOOLEAN"
                + " (only the numbers 0 and 1 convert to a boolean)");
  }

  @Test
  void neverParsesStrings() {
    assertThatThrownBy(() -> convert(DataTypes.LongType, "12"))
        .hasMessage(
            "Cannot convert field 'value' of table 't': got a String value, expected BIGINT"
                + " (expected a number)");
    assertThatThrownBy(() -> convert(DataTypes.BooleanType, "true"))
        .hasMessage(
            "Cannot convert field 'value' of table 't': got a String value, expected BOOLEAN"
                + " (expected true or false)");
  }

  @Test
  void namesTheFieldPathOfAMismatch() {
    Map<String, Object> record =
        Map.of("event", "e", "properties", Map.of("$screen_width", "wide"));

    assertThatThrownBy(() -> new RecordConverter("events", EVENT).convert(record))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Cannot convert field 'properties.$screen_width' of table 'events': got a String"
                + " value, expected BIGINT (expected a number)");
  }

  @Test
  void namesArrayIndexesAndMapKeysInThePath() {
    Map<String, Object> badItem =
        Map.of(
            "event", "e", "properties", Map.of("items", List.of(Map.of(), Map.of("price", "x"))));
    Map<String, Object> nestedInMap =
        Map.of("event", "e", "custom", Map.of("$browser", Map.of("name", "Firefox")));

    assertThatThrownBy(() -> new RecordConverter("events", EVENT).convert(badItem))
        .hasMessage(
            "Cannot convert field 'properties.items[1].price' of table 'events': got a String"
                + " value, expected DOUBLE (expected a number)");
    assertThatThrownBy(() -> new RecordConverter("events", EVENT).convert(nestedInMap))
        .hasMessage(
            "Cannot convert field 'custom.$browser' of table 'events': got a Map value, expected"
                + " STRING (the connector must serialize nested values to JSON text)");
  }

  @Test
  void rejectsNullInNotNullField() {
    assertThatThrownBy(() -> new RecordConverter("events", EVENT).convert(Map.of("time", 1L)))
        .hasMessage(
            "Cannot convert field 'event' of table 'events': is null or missing, but the schema"
                + " declares it NOT NULL");
  }

  @Test
  void rejectsWrongContainerTypes() {
    Map<String, Object> record = Map.of("event", "e", "properties", List.of(1, 2));

    assertThatThrownBy(() -> new RecordConverter("events", EVENT).convert(record))
        .hasMessage(
            "Cannot convert field 'properties' of table 'events': got a List value, expected"
                + " STRUCT (expected a JSON object)");
  }

  @Test
  void rejectsUnsupportedTypesWhenBuilt() {
    StructType schema =
        new StructType().add("meta", new StructType().add("at", DataTypes.TimestampType));

    assertThatThrownBy(() -> new RecordConverter("events", schema))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Cannot read table 'events': field 'meta.at' has type TIMESTAMP, which is not"
                + " supported (supported: STRUCT, MAP with STRING keys, ARRAY, BIGINT, INT,"
                + " DOUBLE, BOOLEAN, STRING, VARIANT)");
    StructType intKeys =
        new StructType()
            .add("m", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.StringType));
    assertThatThrownBy(() -> new RecordConverter("events", intKeys))
        .hasMessage(
            "Cannot read table 'events': field 'm' has type MAP<INT, STRING>, which is not"
                + " supported: map keys must be STRING");
  }

  @Test
  void keepsNullArrayElementsAndMapValues() {
    StructType schema =
        new StructType()
            .add("list", DataTypes.createArrayType(DataTypes.LongType))
            .add("map", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType));
    Map<String, Object> values = new HashMap<>();
    values.put("k", null);
    InternalRow row =
        new RecordConverter("t", schema)
            .convert(Map.of("list", Arrays.asList(1L, null), "map", values));

    assertThat(row.getArray(0).isNullAt(1)).isTrue();
    assertThat(row.getMap(1).valueArray().isNullAt(0)).isTrue();
  }

  @Test
  void storesAnyJsonLikeValueInAVariantField() {
    Map<String, Object> properties = new java.util.LinkedHashMap<>();
    properties.put("b", new java.math.BigDecimal("-1.50"));
    properties.put("a", Arrays.asList(1L, null, "東京", true));
    properties.put("big", new BigInteger("123456789012345678901234567890"));

    Object variant = convert(DataTypes.VariantType, properties);

    assertThat(((org.apache.spark.unsafe.types.VariantVal) variant).toJson(java.time.ZoneOffset.UTC))
        .isEqualTo("{\"a\":[1,null,\"東京\",true],\"b\":-1.5,\"big\":123456789012345678901234567890}");
    assertThat(variant).isEqualTo(VariantValues.of(properties));
    // a string is a JSON string, never parsed
    assertThat(((org.apache.spark.unsafe.types.VariantVal) convert(DataTypes.VariantType, "{\"a\":1}"))
            .toJson(java.time.ZoneOffset.UTC))
        .isEqualTo("\"{\\\"a\\\":1}\"");
  }

  @Test
  void rejectsAVariantValueThatIsNotJsonLike() {
    assertThatThrownBy(() -> convert(DataTypes.VariantType, Map.of("when", java.time.Instant.EPOCH)))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Cannot convert field 'value' of table 't': got a Map value, expected VARIANT"
                + " (expected a JSON-like value)");
  }

  private static Object convert(DataType type, Object value) {
    StructType schema = new StructType().add("value", type);
    return new RecordConverter("t", schema).convert(Map.of("value", value)).get(0, type);
  }
}
