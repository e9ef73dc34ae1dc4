package org.mixpanellakeflow.connect;

import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The rows of one partition in Spark's internal format, for {@link SupportsRowReads}: the same
 * protocol as Spark's own partition readers. Rows must be new objects, not a reused buffer. {@link
 * #close()} must be idempotent.
 */
public interface RowIterator extends AutoCloseable {

  /** Advances to the next row; false at the end. */
  boolean next();

  /** The current row, valid after {@link #next()} returned true. */
  InternalRow get();

  @Override
  void close();

  /** As {@link RecordIterator#report()}: read once the iterator is exhausted or closed. */
  default Map<String, Object> report() {
    return Map.of();
  }

  /** As {@link RecordIterator#metrics()}. */
  default Map<String, Long> metrics() {
    return Map.of();
  }
}
