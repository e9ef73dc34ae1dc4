package org.mixpanellakeflow.connect.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.spark.SourceOptions.Flow;

/**
 * Everything needed to build a connector and read one table, in serializable form: input partitions
 * carry it to executors, which build their own connector from it.
 *
 * <p>{@link #toString()} lists option keys only, because values hold credentials.
 */
record ConnectorSpec(String connectorName, String tableName, Flow flow, Map<String, String> options)
    implements Serializable {

  ConnectorSpec {
    Objects.requireNonNull(connectorName, "connectorName is null");
    Objects.requireNonNull(tableName, "tableName is null");
    Objects.requireNonNull(flow, "flow is null");
    Objects.requireNonNull(options, "options is null");
  }

  /**
   * A new connector instance; each caller owns its instance (connectors need not be thread safe).
   */
  LakeflowConnect connect() {
    return ConnectorFactories.named(connectorName).create(options);
  }

  @Override
  public String toString() {
    return "ConnectorSpec[connector="
        + connectorName
        + ", table="
        + tableName
        + ", flow="
        + flow
        + ", optionKeys="
        + options.keySet()
        + "]";
  }
}
