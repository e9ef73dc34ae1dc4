package org.mixpanellakeflow.connector;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The tables' Spark schemas, as the seed document declares them. One deliberate change: {@code
 * $browser_version} is a STRING, because real values look like {@code 120.0.6099.109} and the
 * seed's BIGINT fails or truncates them.
 */
final class MixpanelSchemas {

  private MixpanelSchemas() {}

  static final String CUSTOM_PROPERTIES = "custom_properties";
  static final String GENERATED_TIMESTAMP = "generated_timestamp";
  /** {@code struct_and_variant}: every event property as sent, beside the typed struct. */
  static final String EVENT_PROPERTIES_VARIANT = "properties_variant";
  /** {@code struct_and_variant}: every profile property as sent, beside the typed struct. */
  static final String ENGAGE_PROPERTIES_VARIANT = "$properties_variant";

  /** Standard event properties, typed; every other property goes to custom_properties. */
  static final Map<String, DataType> EVENT_STANDARD_PROPERTIES = ordered(
      "time", LongType,
      "distinct_id", StringType,
      "$browser", StringType,
      "$browser_version", StringType,
      "$city", StringType,
      "$current_url", StringType,
      "$device_id", StringType,
      "$initial_referrer", StringType,
      "$initial_referring_domain", StringType,
      "$lib_version", StringType,
      "$mp_api_endpoint", StringType,
      "$mp_api_timestamp_ms", LongType,
      "$os", StringType,
      "$region", StringType,
      "$screen_height", LongType,
      "$screen_width", LongType,
      "mp_country_code", StringType,
      "mp_lib", StringType,
      "mp_processing_time_ms", LongType,
      "mp_sent_by_lib_version", StringType);

  /** The seed's columns, then the key (see {@link EventKey}), last so older tables gain it. */
  static final StructType EVENTS =
      new StructType()
          .add("event", StringType)
          .add("$insert_id", StringType)
          .add("properties", propertiesStruct(EVENT_STANDARD_PROPERTIES))
          .add(GENERATED_TIMESTAMP, LongType)
          .add("event_key", StringType);

  /** Standard profile properties (all strings in Mixpanel); the rest go to custom_properties. */
  static final Map<String, DataType> ENGAGE_STANDARD_PROPERTIES = ordered(
      "$first_name", StringType,
      "$last_name", StringType,
      "$email", StringType,
      "$created", StringType,
      "$last_seen", StringType,
      "$name", StringType,
      "$phone", StringType,
      "$city", StringType,
      "$region", StringType,
      "$country_code", StringType,
      "$timezone", StringType,
      "$browser", StringType,
      "$os", StringType);

  static final StructType ENGAGE =
      new StructType()
          .add("$distinct_id", StringType)
          .add("$properties", propertiesStruct(ENGAGE_STANDARD_PROPERTIES))
          .add(GENERATED_TIMESTAMP, LongType);

  /**
   * {@code events} in a {@link PropertiesFormat}. The VARIANT column of {@code struct_and_variant}
   * comes last, so that a {@code struct} table can gain it. {@code variant} keeps, beside the
   * VARIANT {@code properties}, the typed {@code time} that the key and the cursor are made of.
   */
  static StructType events(PropertiesFormat format) {
    return switch (format) {
      case STRUCT -> EVENTS;
      case STRUCT_AND_VARIANT -> EVENTS.add(EVENT_PROPERTIES_VARIANT, DataTypes.VariantType);
      case VARIANT ->
          new StructType()
              .add("event", StringType)
              .add("$insert_id", StringType)
              .add("time", LongType)
              .add("properties", DataTypes.VariantType)
              .add(GENERATED_TIMESTAMP, LongType)
              .add("event_key", StringType);
    };
  }

  /** {@code engage} in a {@link PropertiesFormat}; {@code variant} keeps the cursor typed. */
  static StructType engage(PropertiesFormat format) {
    return switch (format) {
      case STRUCT -> ENGAGE;
      case STRUCT_AND_VARIANT -> ENGAGE.add(ENGAGE_PROPERTIES_VARIANT, DataTypes.VariantType);
      case VARIANT ->
          new StructType()
              .add("$distinct_id", StringType)
              .add("$properties", DataTypes.VariantType)
              .add("$last_seen", StringType)
              .add(GENERATED_TIMESTAMP, LongType);
    };
  }

  static final StructType COHORT_MEMBERS =
      new StructType()
          .add("cohort_id", LongType)
          .add("distinct_id", StringType)
          .add(GENERATED_TIMESTAMP, LongType);

  static final StructType COHORTS =
      new StructType()
          .add("id", LongType)
          .add("name", StringType)
          .add("description", StringType)
          .add("count", LongType)
          .add("is_visible", BooleanType)
          .add("is_dynamic", BooleanType)
          .add("created", StringType)
          .add("project_id", LongType)
          .add(GENERATED_TIMESTAMP, LongType);

  private static StructType propertiesStruct(Map<String, DataType> standard) {
    List<StructField> fields = new ArrayList<>();
    standard.forEach((name, type) -> fields.add(DataTypes.createStructField(name, type, true)));
    fields.add(
        DataTypes.createStructField(
            CUSTOM_PROPERTIES, DataTypes.createMapType(StringType, StringType, true), true));
    return DataTypes.createStructType(fields);
  }

  private static Map<String, DataType> ordered(Object... pairs) {
    Map<String, DataType> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (DataType) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
