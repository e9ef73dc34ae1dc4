package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.types.variant.Variant;
import org.apache.spark.types.variant.VariantBuilder;
import org.apache.spark.types.variant.VariantUtil;
import org.apache.spark.unsafe.types.VariantVal;
import org.junit.jupiter.api.Test;

/**
 * VARIANTs keep every JSON value exactly, and the tree and byte routes give the same bytes. Spark's
 * own {@code VariantBuilder.parseJson} is the reference where it is exact, and the comparison
 * where it rounds.
 */
class TestVariantValues {

  @Test
  void keepsIntegersAndPlainDecimalsAsParseJsonDoes() throws IOException {
    for (String exact : List.of("0", "-7", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "12345678901234567890123456789012345678", "-1.50", "0.000",
        "0.30000000000000004", "1.0000000000000000000000000000000000001")) {
      VariantVal ours = parse(exact);
      Variant spark = VariantBuilder.parseJson(exact, false);
      assertThat(ours.getValue()).as(exact).isEqualTo(spark.getValue());
      assertThat(new BigDecimal(ours.toJson(ZoneOffset.UTC))).as(exact).isEqualByComparingTo(exact);
    }
    assertThat(type(parse("9223372036854775807"))).isEqualTo(VariantUtil.Type.LONG);
    assertThat(type(parse("9223372036854775808"))).isEqualTo(VariantUtil.Type.DECIMAL);
    // the value is kept; Spark reads decimals without trailing zeros (-1.50 as -1.5)
    assertThat(decimal(parse("-1.50"))).isEqualByComparingTo("-1.50");
    assertThat(parse("-1.50").toJson(ZoneOffset.UTC)).isEqualTo("-1.5");
  }

  @Test
  void keepsExponentsExactlyWhereParseJsonRoundsToADouble() throws IOException {
    assertThat(VariantBuilder.parseJson("1.2345678901234567890123e5", false).toJson(ZoneOffset.UTC))
        .as("Spark's parse_json").isEqualTo("123456.78901234567");
    assertThat(VariantBuilder.parseJson("1e3", false).toJson(ZoneOffset.UTC)).isEqualTo("1000.0");
    assertThat(parse("1e3").toJson(ZoneOffset.UTC)).isEqualTo("1000");
    assertThat(parse("1.5e-7").toJson(ZoneOffset.UTC)).isEqualTo("0.00000015");

    assertThat(decimal(parse("1e3"))).isEqualByComparingTo("1000");
    assertThat(decimal(parse("1E+2"))).isEqualByComparingTo("100");
    assertThat(decimal(parse("1.5e-7"))).isEqualByComparingTo("0.00000015");
    assertThat(decimal(parse("1.2345678901234567890123e5")))
        .isEqualByComparingTo("123456.78901234567890123");
    assertThat(decimal(parse("-1.50E1"))).isEqualByComparingTo("-15");
  }

  @Test
  void keepsWhatNoVariantNumberHoldsAsTheTextSent() throws IOException {
    assertThat(VariantBuilder.parseJson("123456789012345678901234567890123456789", false)
            .toJson(ZoneOffset.UTC))
        .as("Spark's parse_json").isEqualTo("1.2345678901234568E38");
    assertThat(VariantBuilder.parseJson("1e400", false).toJson(ZoneOffset.UTC)).isEqualTo("\"Infinity\"");

    for (String beyond : List.of("123456789012345678901234567890123456789", "1e38", "1e400",
        "1e-40", "0.1234567890123456789012345678901234567891", "-1E-99999999999", "1e999999999",
        "-2.5E+2147483647")) {
      VariantVal ours = parse(beyond);
      assertThat(type(ours)).as(beyond).isEqualTo(VariantUtil.Type.STRING);
      assertThat(ours.toJson(ZoneOffset.UTC)).isEqualTo("\"" + beyond + "\"");
    }
  }

  @Test
  void keepsTheSignOfANegativeZero() throws IOException {
    for (String zero : List.of("-0", "-0.0", "-0e5")) {
      assertThat(type(parse(zero))).as(zero).isEqualTo(VariantUtil.Type.DOUBLE);
      assertThat(parse(zero).toJson(ZoneOffset.UTC)).isEqualTo("-0.0");
    }
    assertThat(type(parse("0.0"))).isEqualTo(VariantUtil.Type.DECIMAL);
    assertThat(type(parse("0"))).isEqualTo(VariantUtil.Type.LONG);
  }

  @Test
  void sortsObjectKeysAndLetsTheLastOfRepeatedKeysWin() throws IOException {
    assertThat(parse("{\"b\":1,\"a\":{\"y\":2,\"x\":[3]}}").toJson(ZoneOffset.UTC))
        .isEqualTo("{\"a\":{\"x\":[3],\"y\":2},\"b\":1}");

    String repeated = "{\"a\":1,\"n\":{\"x\":{\"gone\":1},\"x\":{\"kept\":2}},\"a\":\"last\"}";
    VariantVal variant = parse(repeated);

    assertThat(variant.toJson(ZoneOffset.UTC)).isEqualTo("{\"a\":\"last\",\"n\":{\"x\":{\"kept\":2}}}");
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("x", Map.of("kept", 2L));
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("a", "last");
    tree.put("n", inner);
    assertThat(variant).as("the same bytes as the parsed tree's").isEqualTo(VariantValues.of(tree));
    assertThat(VariantBuilder.parseJson(repeated, true).toJson(ZoneOffset.UTC))
        .as("Spark's parse_json with duplicate keys allowed").isEqualTo(variant.toJson(ZoneOffset.UTC));
  }

  @Test
  void givesATreeAndItsJsonTheSameBytes() throws IOException {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("z", null);
    nested.put("list", Arrays.asList(1L, -2L, new BigDecimal("2.50"), "s", false, null, List.of()));
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("time", 1_717_000_000_123L);
    tree.put("name", "Café 東京 🚀 \"quoted\" \\ \u0001");
    tree.put("nested", nested);
    tree.put("empty", Map.of());
    tree.put("yes", true);
    tree.put("big", new BigDecimal("123456789012345678901234567890"));
    String json = "{\"time\":1717000000123,\"name\":\"Café 東京 \\ud83d\\ude80 \\\"quoted\\\" \\\\ \\u0001\","
        + "\"nested\":{\"z\":null,\"list\":[1,-2,2.50,\"s\",false,null,[]]},\"empty\":{},\"yes\":true,"
        + "\"big\":123456789012345678901234567890}";

    assertThat(parse(json)).isEqualTo(VariantValues.of(tree));
  }

  @Test
  void readsDeepNestingUpToJacksonsLimit() throws IOException {
    String deep = "[".repeat(999) + "1" + "]".repeat(999);
    assertThat(parse(deep).toJson(ZoneOffset.UTC)).isEqualTo(deep);
    List<Object> tree = new ArrayList<>(List.of(1L));
    for (int i = 1; i < 999; i++) {
      tree = new ArrayList<>(List.of(tree));
    }
    assertThat(VariantValues.of(tree)).isEqualTo(parse(deep));
    String tooDeep = "[".repeat(1001) + "]".repeat(1001);
    assertThatThrownBy(() -> parse(tooDeep))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("nesting depth (1001) exceeds the maximum allowed (1000");
  }

  @Test
  void parsesOnlyTheSliceItIsGiven() throws IOException {
    byte[] line = "{\"properties\":{\"a\":1},\"x\":2}".getBytes(StandardCharsets.UTF_8);
    assertThat(VariantValues.parse(line, 14, 7).toJson(ZoneOffset.UTC)).isEqualTo("{\"a\":1}");
    assertThatThrownBy(() -> VariantValues.parse(line, 14, 9))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Unexpected character (','");
    assertThatThrownBy(() -> parse("{\"a\":1} 2"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("trailing content after the JSON value");
    assertThatThrownBy(() -> VariantValues.parse(line, 14, 0))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("no JSON value");
  }

  @Test
  void refusesWhatIsNotJson() {
    assertThatThrownBy(() -> VariantValues.of(Map.of("when", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot store a Object in a VARIANT: expected a JSON-like value (Map, List,"
            + " String, Number, Boolean or null)");
  }

  private static VariantVal parse(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return VariantValues.parse(bytes, 0, bytes.length);
  }

  private static VariantUtil.Type type(VariantVal variant) {
    return new Variant(variant.getValue(), variant.getMetadata()).getType();
  }

  private static BigDecimal decimal(VariantVal variant) {
    assertThat(type(variant)).isEqualTo(VariantUtil.Type.DECIMAL);
    return new Variant(variant.getValue(), variant.getMetadata()).getDecimal();
  }
}
