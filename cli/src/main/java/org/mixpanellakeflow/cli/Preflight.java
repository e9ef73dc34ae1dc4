package org.mixpanellakeflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.mixpanellakeflow.connect.LakeflowConnectFactory;
import org.mixpanellakeflow.pipeline.Connection;

/**
 * Checks a connection's options before Spark starts, so a typo costs a second rather than a
 * Spark start-up. The connector checks them again where it runs; this only fails earlier.
 */
final class Preflight {

  private Preflight() {}

  static void checkOptions(Connection connection) {
    List<LakeflowConnectFactory> candidates = new ArrayList<>();
    for (LakeflowConnectFactory factory : ServiceLoader.load(LakeflowConnectFactory.class)) {
      if (connection.connector().map(name -> name.equals(factory.name())).orElse(true)) {
        candidates.add(factory);
      }
    }
    if (candidates.size() == 1) {
      candidates.get(0).create(connection.options());
    }
  }
}
