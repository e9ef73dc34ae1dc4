package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.client.ExportedEvent;
import org.mixpanellakeflow.client.JsonNumber;

class TestEventRecords {

  private static ExportedEvent event(Map<String, Object> properties) {
    return event("Purchase", properties);
  }

  private static ExportedEvent event(String name, Map<String, Object> properties) {
    return new ExportedEvent(name, properties, 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> record) {
    return (Map<String, Object>) record.get("properties");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> custom(Map<String, Object> record) {
    return (Map<String, Object>) properties(record).get("custom_properties");
  }

  private static Map<String, Object> purchase(String insertId, long time, String distinctId) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("time", time);
    props.put("distinct_id", distinctId);
    props.put("$insert_id", insertId);
    return props;
  }

  @Test
  void typesStandardPropertiesAndKeepsCustomOnesAsJsonText() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("time", 1714521600123L);
    props.put("distinct_id", "u-1");
    props.put("$insert_id", "abc-123");
    props.put("$screen_width", 1920L);
    props.put("$city", "Zürich");
    props.put("plan", "pro 東京");
    props.put("amount", new JsonNumber("12.5"));
    props.put("count", 3L);
    props.put("trial", true);
    props.put("nothing", null);
    props.put("tags", List.of("a", "b"));
    Map<String, Object> cart = new LinkedHashMap<>();
    cart.put("total", new JsonNumber("9.99"));
    cart.put("items", List.of(Map.of("sku", "x")));
    props.put("cart", cart);

    Map<String, Object> record = EventRecords.toRecord(event(props), 42L);

    assertThat(record).containsEntry("event", "Purchase").containsEntry("$insert_id", "abc-123")
        .containsEntry("generated_timestamp", 42L);
    assertThat(properties(record))
        .containsEntry("time", 1714521600123L)
        .containsEntry("distinct_id", "u-1")
        .containsEntry("$screen_width", 1920L)
        .containsEntry("$city", "Zürich")
        .doesNotContainKey("$insert_id");
    assertThat(custom(record))
        .containsEntry("plan", "pro 東京")
        .containsEntry("amount", "12.5")
        .containsEntry("count", "3")
        .containsEntry("trial", "true")
        .containsEntry("nothing", null)
        .containsEntry("tags", "[\"a\",\"b\"]")
        .containsEntry("cart", "{\"total\":9.99,\"items\":[{\"sku\":\"x\"}]}")
        .doesNotContainKey("$insert_id");
  }

  @Test
  void keepsEveryValueExactlyAsMixpanelSentIt() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("$insert_id", "id-1");
    props.put("distinct_id", 12345L);
    props.put("big", new JsonNumber("123456789012345678901234567890"));
    props.put("thousand", new JsonNumber("1e3"));
    props.put("negative_zero", new JsonNumber("-0"));
    props.put("nested", Map.of("tiny", new JsonNumber("1E-7")));
    props.put("$screen_width", new JsonNumber("1e3"));
    props.put("$screen_height", "0123");
    props.put("$mp_api_timestamp_ms", new JsonNumber("9223372036854775808"));
    props.put("mp_processing_time_ms", "1714521600000");
    props.put("$browser_version", new JsonNumber("120.0"));

    Map<String, Object> record = EventRecords.toRecord(event(props), 0L);

    assertThat(properties(record))
        .containsEntry("distinct_id", "12345")
        .containsEntry("$screen_width", 1000L)
        .containsEntry("mp_processing_time_ms", 1714521600000L)
        .containsEntry("$browser_version", "120.0")
        .doesNotContainKeys("$screen_height", "$mp_api_timestamp_ms");
    assertThat(custom(record))
        .containsEntry("big", "123456789012345678901234567890")
        .containsEntry("thousand", "1e3")
        .containsEntry("negative_zero", "-0")
        .containsEntry("nested", "{\"tiny\":1E-7}")
        .containsEntry("$screen_height", "0123")
        .containsEntry("$mp_api_timestamp_ms", "9223372036854775808");
  }

  @Test
  void keepsAStandardPropertyOfTheWrongTypeInCustomProperties() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("$insert_id", "id-1");
    props.put("$screen_width", "wide");
    props.put("$screen_height", "1080");
    props.put("$os", true);
    props.put("$device_id", List.of("a"));
    Map<String, Object> record = EventRecords.toRecord(event(props), 0L);
    assertThat(properties(record)).doesNotContainKeys("$screen_width", "$os", "$device_id")
        .containsEntry("$screen_height", 1080L);
    assertThat(custom(record)).containsEntry("$screen_width", "wide").containsEntry("$os", "true")
        .containsEntry("$device_id", "[\"a\"]");
  }

  @Test
  void keysApartEventsMixpanelKeepsApartThoughTheyShareAnInsertId() {
    String key = key(event("Purchase", purchase("shared", 1000L, "u-1")));

    assertThat(key).hasSize(32).matches("[0-9a-f]{32}");
    assertThat(key(event("Refund", purchase("shared", 1000L, "u-1")))).isNotEqualTo(key);
    assertThat(key(event("Purchase", purchase("shared", 2000L, "u-1")))).isNotEqualTo(key);
    assertThat(key(event("Purchase", purchase("shared", 1000L, "u-2")))).isNotEqualTo(key);
    assertThat(key(event("Purchase", purchase("other", 1000L, "u-1")))).isNotEqualTo(key);
  }

  @Test
  void keepsTheKeyWhenIdentityMergeRewritesTheDistinctId() {
    Map<String, Object> before = purchase("id-1", 1000L, "$device:abc");
    Map<String, Object> merged = purchase("id-1", 1000L, "user-7");
    merged.put("$distinct_id_before_identity", "$device:abc");

    assertThat(key(event(merged))).isEqualTo(key(event(before)));
    assertThat(properties(EventRecords.toRecord(event(merged), 0))).containsEntry("distinct_id", "user-7");
  }

  @Test
  void derivesAStableInsertIdForEventsWithoutOne() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("time", 1714521600000L);
    props.put("distinct_id", "$device:abc");
    props.put("page", "/home");
    props.put("$city", "Paris");

    String id = EventRecords.toRecord(event(props), 0).get("$insert_id").toString();
    assertThat(id).startsWith("mplf-").hasSize(36);

    Map<String, Object> reread = new LinkedHashMap<>();
    reread.put("page", "/home");
    reread.put("distinct_id", "user-7");
    reread.put("$distinct_id_before_identity", "$device:abc");
    reread.put("time", 1714521600000L);
    reread.put("$city", "Paris, France");
    reread.put("mp_processing_time_ms", 1714521700000L);
    reread.put("$is_reshuffled", true);
    assertThat(EventRecords.toRecord(event(reread), 0).get("$insert_id"))
        .as("re-read after identity merge, with properties Mixpanel added or rewrote")
        .isEqualTo(id);

    Map<String, Object> otherUser = new LinkedHashMap<>(props);
    otherUser.put("distinct_id", "$device:xyz");
    assertThat(EventRecords.toRecord(event(otherUser), 0).get("$insert_id"))
        .as("another user's identical event in the same millisecond")
        .isNotEqualTo(id);
    Map<String, Object> otherPage = new LinkedHashMap<>(props);
    otherPage.put("page", "/pricing");
    assertThat(EventRecords.toRecord(event(otherPage), 0).get("$insert_id")).isNotEqualTo(id);
  }

  private static String key(ExportedEvent event) {
    return EventRecords.toRecord(event, 0).get(EventKey.COLUMN).toString();
  }
}
