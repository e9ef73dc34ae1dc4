package org.mixpanellakeflow.cli;

/** A problem with the command line's own input (files, flags); the message says the fix. */
final class CliException extends RuntimeException {

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
