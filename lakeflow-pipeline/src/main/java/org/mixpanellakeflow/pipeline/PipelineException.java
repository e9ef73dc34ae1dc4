package org.mixpanellakeflow.pipeline;

import org.mixpanellakeflow.connect.LakeflowException;

/**
 * An error of the ingestion pipeline: a bad pipeline spec or connections file, or a table that
 * could not be written. Messages name the thing that is wrong and the fix, and never carry option
 * values that may be secrets.
 */
public class PipelineException extends LakeflowException {

  public PipelineException(String message) {
    super(message);
  }

  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
