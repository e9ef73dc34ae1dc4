package org.mixpanellakeflow.connector;

import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.catalyst.InternalRow;
import org.mixpanellakeflow.client.ExportLineDecoder;
import org.mixpanellakeflow.client.ExportedEvent;

/**
 * The benchmarks' way into the connector's package-private record conversion and schemas, the
 * same calls {@code ExportRecords} and {@code ProfileRecords} make. Lives in the connector's package
 * inside the benchmarks jar; nothing in production loads it. Thread safe.
 */
public final class RecordsAccess {

  private RecordsAccess() {}

  public static StructType eventsSchema() {
    return MixpanelSchemas.EVENTS;
  }

  /** {@code events} in the properties format an option value names ({@code properties_format}). */
  public static StructType eventsSchema(String propertiesFormat) {
    return MixpanelSchemas.events(format(propertiesFormat));
  }

  /** The row path's decoder for a project with UTC event times, in a properties format. */
  public static ExportLineDecoder<InternalRow> rowDecoder(
      long generatedAt, String propertiesFormat) {
    EventTime utc = EventTime.forProject(null, java.time.ZoneOffset.UTC);
    return new EventRowDecoder(generatedAt, utc, format(propertiesFormat));
  }

  private static PropertiesFormat format(String optionValue) {
    return PropertiesFormat.forTable(
        Map.of(MixpanelOptions.PROPERTIES_FORMAT, optionValue), PropertiesFormat.STRUCT);
  }

  public static StructType engageSchema() {
    return MixpanelSchemas.ENGAGE;
  }

  /** An exported event as a record of {@code events}, for a project with UTC event times. */
  public static Map<String, Object> eventRecord(ExportedEvent event, long generatedAt) {
    return EventRecords.toRecord(event, generatedAt);
  }

  /** The row path's decoder for a project with UTC event times. */
  public static ExportLineDecoder<InternalRow> rowDecoder(long generatedAt) {
    return new EventRowDecoder(generatedAt, EventTime.forProject(null, java.time.ZoneOffset.UTC));
  }

  /** An engage profile as a record of {@code engage}. */
  public static Map<String, Object> profileRecord(Map<String, Object> profile, long generatedAt) {
    return ProfileRecords.toRecord(profile, generatedAt);
  }
}
