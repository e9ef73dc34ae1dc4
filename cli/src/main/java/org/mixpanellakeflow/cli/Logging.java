package org.mixpanellakeflow.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** The CLI's log levels: quiet by default, our own progress at INFO with --verbose. */
final class Logging {

  private Logging() {}

  static void configure(boolean verbose) {
    if (verbose) {
      Configurator.setLevel("org.mixpanellakeflow", Level.INFO);
    }
  }
}
