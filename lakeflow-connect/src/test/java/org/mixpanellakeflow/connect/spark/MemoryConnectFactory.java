package org.mixpanellakeflow.connect.spark;

import java.util.Map;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;
import org.mixpanellakeflow.connect.LakeflowException;

/** Test connector {@code memory}: partitioned reads over {@link MemoryStore}. */
public final class MemoryConnectFactory implements LakeflowConnectFactory {

  static final String NAME = "memory";
  static final String DATASET = "dataset";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LakeflowConnect create(Map<String, String> options) {
    return new MemoryConnector(requireDataset(options));
  }

  static String requireDataset(Map<String, String> options) {
    String dataset = options.get(DATASET);
    if (dataset == null) {
      throw new LakeflowException("Missing option '" + DATASET + "': name the test dataset");
    }
    return dataset;
  }
}
