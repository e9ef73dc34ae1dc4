package org.mixpanellakeflow.connector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cohorts as records of the {@code cohorts} schema. Mixpanel sends {@code is_visible} as 0/1 and
 * may omit {@code is_dynamic} (undocumented); both become booleans, absent stays null.
 */
final class CohortRecords {

  private CohortRecords() {}

  static List<Map<String, Object>> toRecords(List<Map<String, Object>> cohorts, long generatedAt) {
    List<Map<String, Object>> records = new ArrayList<>(cohorts.size());
    for (Map<String, Object> cohort : cohorts) {
      Map<String, Object> record = new HashMap<>();
      for (String field : MixpanelSchemas.COHORTS.fieldNames()) {
        Object value = cohort.get(field);
        record.put(field, isFlag(field) ? flag(value) : value);
      }
      record.put(MixpanelSchemas.GENERATED_TIMESTAMP, generatedAt);
      records.add(record);
    }
    return records;
  }

  private static boolean isFlag(String field) {
    return field.equals("is_visible") || field.equals("is_dynamic");
  }

  private static Boolean flag(Object value) {
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Number n) {
      return n.longValue() != 0;
    }
    return Boolean.parseBoolean(value.toString());
  }
}
