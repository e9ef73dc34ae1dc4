package org.mixpanellakeflow.pipeline;

import java.util.Map;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Registered in {@code META-INF/services}; public because {@link java.util.ServiceLoader} needs it.
 */
public final class MemoryConnectorFactory implements LakeflowConnectFactory {

  @Override
  public String name() {
    return MemoryConnector.NAME;
  }

  @Override
  public LakeflowConnect create(Map<String, String> options) {
    if (!MemoryConnector.TOKEN.equals(options.get("token"))) {
      throw new LakeflowException("Missing or wrong connection option 'token'");
    }
    return new MemoryConnector();
  }
}
