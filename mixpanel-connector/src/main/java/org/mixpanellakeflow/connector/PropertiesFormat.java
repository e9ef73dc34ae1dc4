package org.mixpanellakeflow.connector;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How {@code events} and {@code engage} land their properties (option {@value
 * MixpanelOptions#PROPERTIES_FORMAT}).
 *
 * <p>{@link #STRUCT}: standard properties in typed fields, every other property in {@code
 * custom_properties} (strings, or the JSON text sent). {@link #STRUCT_AND_VARIANT}: the same, plus
 * one {@code VARIANT} column holding every property as sent. {@link #VARIANT}: the properties
 * column itself is that {@code VARIANT}, beside the typed columns the table's key and cursor need.
 * A Delta table with a {@code VARIANT} column carries the {@code variantType} table feature
 * (reader version 3, writer 7): readers without it (Delta before 4.0, Spark 3.5) cannot read it.
 */
public enum PropertiesFormat {
  STRUCT("struct"),
  STRUCT_AND_VARIANT("struct_and_variant"),
  VARIANT("variant");

  private final String optionValue;

  PropertiesFormat(String optionValue) {
    this.optionValue = optionValue;
  }

  /** The value of {@value MixpanelOptions#PROPERTIES_FORMAT} that selects this format. */
  public String optionValue() {
    return optionValue;
  }

  /** Whether rows carry the typed properties struct. */
  boolean hasStruct() {
    return this != VARIANT;
  }

  /** Whether rows carry every property in a {@code VARIANT}. */
  boolean hasVariant() {
    return this != STRUCT;
  }

  /** The format the option names, or {@code fallback} when it is absent. */
  static PropertiesFormat from(OptionReader reader, PropertiesFormat fallback) {
    String raw = reader.string(MixpanelOptions.PROPERTIES_FORMAT);
    if (raw == null) {
      return fallback;
    }
    for (PropertiesFormat format : values()) {
      if (format.optionValue.equals(raw.toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw OptionReader.invalid(
        MixpanelOptions.PROPERTIES_FORMAT,
        raw,
        "one of "
            + Arrays.stream(values()).map(f -> f.optionValue).collect(Collectors.joining(", ")));
  }

  /** A table's format: its table option when set, else the connection's {@code fallback}. */
  static PropertiesFormat forTable(Map<String, String> tableOptions, PropertiesFormat fallback) {
    return tableOptions == null ? fallback : from(new OptionReader(tableOptions), fallback);
  }
}
