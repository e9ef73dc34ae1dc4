package org.mixpanellakeflow.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How changes land in a destination table; set per table with the {@code scd_type} key. */
public enum ScdType {
  /** Keep only the latest version of each key (the default). */
  SCD_TYPE_1,
  /** Keep every version, with {@code __START_AT}/{@code __END_AT} validity columns. */
  SCD_TYPE_2,
  /** Append every record, whatever the connector's ingestion type. */
  APPEND_ONLY;

  static ScdType parse(String value, String where) {
    for (ScdType type : values()) {
      if (type.name().equals(value.strip().toUpperCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new PipelineException(
        "Invalid value for 'scd_type' in "
            + where
            + ": '"
            + value
            + "' (expected one of "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
            + ")");
  }
}
