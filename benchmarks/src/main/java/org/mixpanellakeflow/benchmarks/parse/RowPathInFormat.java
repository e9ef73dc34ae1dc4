package org.mixpanellakeflow.benchmarks.parse;

import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.client.ExportStream;
import org.mixpanellakeflow.connector.RecordsAccess;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link RowPath} in each {@code properties_format}: {@code struct} is {@link RowPath} itself (the
 * default, which builds no VARIANT), {@code struct_and_variant} adds a VARIANT of every property
 * to each row, {@code variant} makes the VARIANT instead of the typed struct. The VARIANT is made
 * from the properties' bytes after the line is read, so its cost is what these add to {@code
 * struct}.
 */
public class RowPathInFormat extends ExportToRows {

  @Param({"struct", "struct_and_variant", "variant"})
  public String propertiesFormat;

  @Override
  protected StructType schema() {
    return RecordsAccess.eventsSchema(propertiesFormat);
  }

  @Override
  protected long toRows(ExportBody body, RowSink rows) throws IOException {
    long read = 0;
    try (ExportStream<InternalRow> events =
        ExportParsingAccess.lines(body.decoded(), RecordsAccess.rowDecoder(GENERATED_AT, propertiesFormat))) {
      while (events.hasNext()) {
        rows.accept(events.next());
        read++;
      }
    }
    return read;
  }
}
