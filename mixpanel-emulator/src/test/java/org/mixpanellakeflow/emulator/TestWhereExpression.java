package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestWhereExpression {
  private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
  private static final long TIME_MS = Instant.parse("2024-06-02T10:00:00Z").toEpochMilli();
  private static final Map<String, Object> EVENT = new LinkedHashMap<>();

  static {
    EVENT.put("time", TIME_MS);
    EVENT.put("mp_processing_time_ms", TIME_MS + 5_000);
    EVENT.put("plan", "pro");
    EVENT.put("query", "東京 ramen");
    EVENT.put("count", 3L);
    EVENT.put("price", 2.5);
    EVENT.put("flag", true);
    EVENT.put("nothing", null);
    EVENT.put("tags", List.of("beta", "vip"));
    EVENT.put("$last_seen", "2024-06-01T08:30:00");
  }

  @Test
  void comparesProcessingTimeAsANumber() {
    assertThat(matches("number(properties[\"mp_processing_time_ms\"]) > " + (TIME_MS + 4_999))).isTrue();
    assertThat(matches("number(properties[\"mp_processing_time_ms\"]) > " + (TIME_MS + 5_000))).isFalse();
    assertThat(matches("properties[\"mp_processing_time_ms\"] >= " + (TIME_MS + 5_000))).isTrue();
  }

  @Test
  void readsTimeAsTheEventsInstantAndDatetimeStringsInTheProjectZone() {
    long seconds = TIME_MS / 1000;
    assertThat(matches("properties[\"$time\"] >= datetime(" + seconds + ") and properties[\"$time\"] < datetime(" + (seconds + 1) + ")")).isTrue();
    // 10:00 UTC is 12:00 in Zurich (summer time)
    assertThat(matches("event[\"$time\"] >= datetime(\"2024-06-02T12:00:00\")")).isTrue();
    assertThat(matches("event[\"$time\"] > datetime(\"2024-06-02T12:00:00\")")).isFalse();
    assertThat(matches("event[\"$time\"] >= datetime(\"2024-06-02T10:00:01Z\")")).isFalse();
    assertThat(matches("properties[\"$time\"] >= datetime(\"2024-06-02\")")).isTrue();
  }

  @Test
  void comparesStoredDateStringsAsUtcWithDatetimesAndAsTextWithStrings() {
    assertThat(matches("properties[\"$last_seen\"] >= \"2024-06-01T08:30:00\"")).isTrue();
    assertThat(matches("properties[\"$last_seen\"] > \"2024-06-01T08:30:00\"")).isFalse();
    // 08:30 UTC is 10:30 in Zurich: the datetime literal is read in the project zone
    assertThat(matches("properties[\"$last_seen\"] > datetime(\"2024-06-01T10:00:00\")")).isTrue();
    assertThat(matches("properties[\"$last_seen\"] > datetime(\"2024-06-01T10:31:00\")")).isFalse();
  }

  @Test
  void combinesWithAndOrNot() {
    assertThat(matches("properties[\"plan\"] == \"pro\" and properties[\"count\"] == 3")).isTrue();
    assertThat(matches("properties[\"plan\"] == \"free\" or properties[\"flag\"] == true")).isTrue();
    assertThat(matches("not properties[\"flag\"]")).isFalse();
    assertThat(matches("not (properties[\"plan\"] == \"free\") and (properties[\"price\"] < 3 or false)")).isTrue();
    assertThat(matches("properties[\"plan\"] != \"pro\"")).isFalse();
  }

  @Test
  void evaluatesDefinedAndIn() {
    assertThat(matches("defined(properties[\"plan\"])")).isTrue();
    assertThat(matches("defined(properties[\"nothing\"])")).isTrue();
    assertThat(matches("defined(properties[\"missing\"])")).isFalse();
    assertThat(matches("properties[\"plan\"] in [\"pro\", \"enterprise\"]")).isTrue();
    assertThat(matches("properties[\"plan\"] not in [\"pro\"]")).isFalse();
    assertThat(matches("\"東京\" in properties[\"query\"]")).isTrue();
    assertThat(matches("\"vip\" in properties[\"tags\"]")).isTrue();
    assertThat(matches("3 in [1, 2, 3]")).isTrue();
  }

  @Test
  void treatsComparisonsBetweenTypesAndMissingPropertiesAsUndefined() {
    assertThat(matches("properties[\"count\"] == \"3\"")).isFalse();
    assertThat(matches("properties[\"count\"] != \"3\"")).isFalse();
    assertThat(matches("properties[\"missing\"] != \"x\"")).isFalse();
    assertThat(matches("not (properties[\"missing\"] == \"x\")")).isTrue();
    assertThat(matches("properties[\"nothing\"] == null")).isTrue();
    assertThat(evaluate("properties[\"plan\"] > 1")).isSameAs(WhereValues.UNDEFINED);
  }

  @Test
  void castsAndComputes() {
    assertThat(evaluate("properties[\"count\"] * 2 + properties[\"price\"]")).isEqualTo(8.5);
    assertThat(evaluate("string(properties[\"count\"]) + \"x\"")).isEqualTo("3x");
    assertThat(evaluate("number(\"12.5\") % 5")).isEqualTo(2.5);
    assertThat(evaluate("boolean(properties[\"plan\"])")).isEqualTo(true);
    assertThat(evaluate("floor(properties[\"price\"]) + ceil(0.2) + round(-1.6)")).isEqualTo(1.0);
    assertThat(evaluate("1 / 0")).isSameAs(WhereValues.UNDEFINED);
    assertThat(evaluate("-properties[\"count\"]")).isEqualTo(-3.0);
    assertThat(evaluate("'single' + \"double\\\"quote\"")).isEqualTo("singledouble\"quote");
  }

  @Test
  void rejectsMalformedExpressionsNamingThePlace() {
    assertThatThrownBy(() -> WhereExpression.parse("properties[\"a\"] ="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid where expression 'properties[\"a\"] =' at character 17: unexpected character '='; compare with ==");
    assertThatThrownBy(() -> WhereExpression.parse("properties[a] == 1"))
        .hasMessage("Invalid where expression 'properties[a] == 1' at character 12: expected a quoted property name after properties[");
    assertThatThrownBy(() -> WhereExpression.parse("(1 == 1"))
        .hasMessage("Invalid where expression '(1 == 1' at character 8: expected ')' but found the end");
    assertThatThrownBy(() -> WhereExpression.parse("lower(properties[\"a\"])"))
        .hasMessage("Invalid where expression 'lower(properties[\"a\"])' at character 1: unknown name 'lower'; use"
            + " properties[\"name\"], a literal or one of the functions boolean, ceil, datetime, defined, floor,"
            + " number, round, string");
    assertThatThrownBy(() -> WhereExpression.parse("\"open"))
        .hasMessage("Invalid where expression '\"open' at character 1: the string is not closed; end it with \"");
    assertThatThrownBy(() -> WhereExpression.parse("1 == 1 2"))
        .hasMessage("Invalid where expression '1 == 1 2' at character 8: unexpected '2' after a complete expression");
  }

  private static boolean matches(String expression) {
    return WhereExpression.parse(expression).matches(scope());
  }

  private static Object evaluate(String expression) {
    return WhereExpression.parse(expression).evaluate(scope());
  }

  private static WhereExpression.Scope scope() {
    return new EventRecord(Map.of("event", "Search", "properties", EVENT), TIME_MS).whereScope(ZURICH);
  }
}
