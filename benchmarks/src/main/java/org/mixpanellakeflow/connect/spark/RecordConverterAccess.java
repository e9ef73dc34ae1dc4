package org.mixpanellakeflow.connect.spark;

import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * The benchmarks' handle on the Spark source's package-private {@link RecordConverter}, the
 * converter each partition reader applies to every record. Lives in the source's package inside
 * the benchmarks jar; nothing in production loads it. Immutable and thread safe.
 */
public final class RecordConverterAccess {

  private final RecordConverter converter;

  public RecordConverterAccess(String tableName, StructType schema) {
    this.converter = new RecordConverter(tableName, schema);
  }

  public InternalRow convert(Map<String, Object> record) {
    return converter.convert(record);
  }
}
