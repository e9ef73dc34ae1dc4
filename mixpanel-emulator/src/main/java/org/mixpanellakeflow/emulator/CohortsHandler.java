package org.mixpanellakeflow.emulator;

import java.io.IOException;

/** {@code cohorts/list}: a bare JSON array, no envelope and no paging. */
final class CohortsHandler implements EndpointHandler {
  @Override
  public void handle(EmulatorExchange exchange, EmulatedProject project) throws IOException {
    exchange.respondJson(200, project.cohorts());
  }
}
