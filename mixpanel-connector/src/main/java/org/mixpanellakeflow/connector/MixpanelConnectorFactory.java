package org.mixpanellakeflow.connector;

import java.time.Clock;
import java.util.Map;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;

/** Registered through ServiceLoader; the connector's name is {@code mixpanel}. */
public final class MixpanelConnectorFactory implements LakeflowConnectFactory {

  public static final String NAME = "mixpanel";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LakeflowConnect create(Map<String, String> options) {
    return new MixpanelConnector(MixpanelConnectorConf.fromOptions(options), Clock.systemUTC());
  }
}
