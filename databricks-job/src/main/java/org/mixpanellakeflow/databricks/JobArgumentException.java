package org.mixpanellakeflow.databricks;

/** A problem with the task's parameters or the files they name; the message says the fix. */
final class JobArgumentException extends RuntimeException {

  JobArgumentException(String message) {
    super(message);
  }

  JobArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
