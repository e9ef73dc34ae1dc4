package org.mixpanellakeflow.connect.spark;

import java.util.Map;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.mixpanellakeflow.connect.Offsets;

/**
 * A connector's offset map as a Spark streaming offset. The map is normalized through its JSON
 * form, so a connector sees the same value types whether the offset is fresh or read back from a
 * checkpoint, and Spark's {@link Offset#equals} (which compares JSON) matches map equality.
 */
final class LakeflowOffset extends Offset {

  /** The start of a stream whose connector has no initial offset of its own. */
  static final LakeflowOffset START = new LakeflowOffset(Map.of());

  private final String json;
  private final Map<String, Object> value;

  LakeflowOffset(Map<String, Object> value) {
    this.json = Offsets.toJson(value);
    this.value = Offsets.fromJson(json);
  }

  static LakeflowOffset fromJson(String json) {
    return new LakeflowOffset(Offsets.fromJson(json));
  }

  /** The offset map, or {@code null} for a null offset. */
  Map<String, Object> value() {
    return value;
  }

  /**
   * The offset to hand a connector: {@code null} at the start of a stream, as the contract says.
   */
  Map<String, Object> connectorStart() {
    return value == null || value.isEmpty() ? null : value;
  }

  @Override
  public String json() {
    return json;
  }
}
