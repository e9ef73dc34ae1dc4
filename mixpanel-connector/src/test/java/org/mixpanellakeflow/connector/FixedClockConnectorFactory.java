package org.mixpanellakeflow.connector;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.mixpanellakeflow.connect.LakeflowConnect;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;

/**
 * The Mixpanel connector on a fixed clock, for Spark-level tests: {@code
 * format("lakeflow_connect").option("connector", "mixpanel_fixed_clock").option("fixed_now",
 * "2024-06-03T12:00:00Z")}. Registered through the test classpath's ServiceLoader file, so driver
 * and executors (local mode) build the same connector.
 */
public final class FixedClockConnectorFactory implements LakeflowConnectFactory {

  public static final String NAME = "mixpanel_fixed_clock";
  public static final String FIXED_NOW = "fixed_now";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LakeflowConnect create(Map<String, String> options) {
    Map<String, String> rest = new HashMap<>(options);
    Instant now = Instant.parse(rest.remove(FIXED_NOW));
    return new MixpanelConnector(MixpanelConnectorConf.fromOptions(rest), Clock.fixed(now, ZoneOffset.UTC));
  }
}
