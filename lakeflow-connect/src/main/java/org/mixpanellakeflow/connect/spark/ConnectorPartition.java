package org.mixpanellakeflow.connect.spark;

import java.util.Objects;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One partition of a {@link org.mixpanellakeflow.connect.SupportsPartitionedReads} connector: the
 * connector's descriptor as JSON (see {@link org.mixpanellakeflow.connect.Offsets}) plus what an
 * executor needs to build its own connector.
 */
record ConnectorPartition(ConnectorSpec spec, String descriptorJson) implements InputPartition {

  ConnectorPartition {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(descriptorJson, "descriptorJson is null");
  }
}
