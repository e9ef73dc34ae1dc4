package org.mixpanellakeflow.connect.spark;

import java.util.Map;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;

/** Test connector {@code memory_simple}: no partitioned reads, so the driver reads. */
public final class SimpleConnectFactory implements LakeflowConnectFactory {

  static final String NAME = "memory_simple";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LakeflowConnect create(Map<String, String> options) {
    return new SimpleConnector(MemoryConnectFactory.requireDataset(options));
  }
}
