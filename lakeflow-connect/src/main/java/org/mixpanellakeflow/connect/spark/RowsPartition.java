package org.mixpanellakeflow.connect.spark;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * Rows already read and converted on the driver, shipped to one task. This is the path for
 * connectors without partitioned reads, delete flows and reserved tables, so it suits small tables
 * only: every row passes through the driver's memory and the task's serialized form.
 */
record RowsPartition(InternalRow[] rows) implements InputPartition {

  RowsPartition {
    Objects.requireNonNull(rows, "rows is null");
  }

  static RowsPartition of(List<InternalRow> rows) {
    return new RowsPartition(rows.toArray(new InternalRow[0]));
  }

  @Override
  public String toString() {
    return "RowsPartition[" + rows.length + " rows]";
  }
}
