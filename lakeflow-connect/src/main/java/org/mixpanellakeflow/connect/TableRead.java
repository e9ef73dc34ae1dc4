package org.mixpanellakeflow.connect;

import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link LakeflowConnect#readTable}: the records (a closeable stream, possibly backed
 * by an open HTTP response) and the offset to resume from. {@code endOffset} may be {@code null}
 * only for snapshot tables.
 */
public record TableRead(RecordIterator records, Map<String, Object> endOffset) {

  public TableRead {
    Objects.requireNonNull(records, "records is null");
  }
}
