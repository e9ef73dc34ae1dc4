package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.client.ExportedEvent;

class TestEventRecords {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ExportedEvent event(Map<String, Object> properties) {
    return new ExportedEvent("Purchase", properties, 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> record) {
    return (Map<String, Object>) record.get("properties");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> custom(Map<String, Object> record) {
    return (Map<String, Object>) properties(record).get("custom_properties");
  }

  @Test
  void typesStandardPropertiesAndKeepsCustomOnesAsJsonText() throws Exception {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("time", 1714521600123L);
    props.put("distinct_id", "u-1");
    props.put("$insert_id", "abc-123");
    props.put("$screen_width", 1920L);
    props.put("$city", "Zürich");
    props.put("plan", "pro 東京");
    props.put("amount", 12.5);
    props.put("count", 3L);
    props.put("trial", true);
    props.put("nothing", null);
    props.put("tags", List.of("a", "b"));
    props.put("cart", Map.of("items", List.of(Map.of("sku", "x", "qty", 2L)), "total", 9.99));

    Map<String, Object> record = EventRecords.toRecord(event(props), 42L);

    assertThat(record).containsEntry("event", "Purchase").containsEntry("$insert_id", "abc-123")
        .containsEntry("generated_timestamp", 42L);
    assertThat(properties(record))
        .containsEntry("time", 1714521600123L)
        .containsEntry("distinct_id", "u-1")
        .containsEntry("$screen_width", 1920L)
        .containsEntry("$city", "Zürich")
        .doesNotContainKey("$insert_id");
    Map<String, Object> custom = custom(record);
    assertThat(custom)
        .containsEntry("plan", "pro 東京")
        .containsEntry("amount", "12.5")
        .containsEntry("count", "3")
        .containsEntry("trial", "true")
        .containsEntry("nothing", null)
        .containsEntry("tags", "[\"a\",\"b\"]")
        .doesNotContainKey("$insert_id");
    assertThat(JSON.readValue((String) custom.get("cart"), Map.class))
        .isEqualTo(JSON.readValue(JSON.writeValueAsString(props.get("cart")), Map.class));
  }

  @Test
  void keepsAStandardPropertyOfTheWrongTypeInCustomProperties() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("$insert_id", "id-1");
    props.put("$screen_width", "wide");
    props.put("$screen_height", "1080");
    props.put("$os", 11L);
    Map<String, Object> record = EventRecords.toRecord(event(props), 0L);
    assertThat(properties(record)).doesNotContainKeys("$screen_width", "$os")
        .containsEntry("$screen_height", 1080L);
    assertThat(custom(record)).containsEntry("$screen_width", "wide").containsEntry("$os", "11");
  }

  @Test
  void derivesAStableKeyForEventsWithoutInsertId() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("time", 1714521600L);
    props.put("distinct_id", "u-1");
    props.put("page", "/home");
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("page", "/home");
    reordered.put("distinct_id", "u-2");
    reordered.put("time", 1714521600L);

    String key = EventRecords.insertId(event(props));
    assertThat(key).startsWith("mplf-").hasSize(36);
    assertThat(EventRecords.insertId(event(reordered)))
        .as("same event re-attributed to another distinct_id keeps its key")
        .isEqualTo(key);
    props.put("page", "/pricing");
    assertThat(EventRecords.insertId(event(props))).isNotEqualTo(key);
  }
}
