package org.mixpanellakeflow.connect;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a table is ingested; the wire names are the contract's lower-case strings. */
public enum IngestionType {
  SNAPSHOT("snapshot"),
  CDC("cdc"),
  CDC_WITH_DELETES("cdc_with_deletes"),
  APPEND("append");

  private final String wireName;

  IngestionType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static IngestionType fromWireName(String name) {
    for (IngestionType type : values()) {
      if (type.wireName.equals(name.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new LakeflowException(
        "Unknown ingestion type '"
            + name
            + "' (expected one of "
            + Arrays.stream(values()).map(IngestionType::wireName).collect(Collectors.joining(", "))
            + ")");
  }
}
