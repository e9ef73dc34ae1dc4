package org.mixpanellakeflow.databricks;

/**
 * Thrown out of {@link IngestJob#main} when a run failed, so that the Databricks task (or {@code
 * spark-submit}) fails with the run's one-line error as its message. The full cause is in the
 * driver log, not attached here, to keep the run page to that one line.
 */
public final class IngestJobException extends RuntimeException {

  private final int exitCode;

  IngestJobException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** 2 for a problem the user must fix (parameters, files, options, credentials), 1 otherwise. */
  public int exitCode() {
    return exitCode;
  }
}
