package org.mixpanellakeflow.emulator;

import java.io.IOException;

/** Serves one endpoint for a request already authenticated to {@code project}. */
interface EndpointHandler {
  void handle(EmulatorExchange exchange, EmulatedProject project) throws IOException;
}
