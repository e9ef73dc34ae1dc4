package org.mixpanellakeflow.connector;

import org.mixpanellakeflow.connect.spark.LakeflowDataSource;

/** {@code spark.read().format("mixpanel")}: the generic source, bound to the Mixpanel connector. */
public final class MixpanelDataSource extends LakeflowDataSource {

  public MixpanelDataSource() {
    super(MixpanelConnectorFactory.NAME, MixpanelConnectorFactory.NAME);
  }
}
