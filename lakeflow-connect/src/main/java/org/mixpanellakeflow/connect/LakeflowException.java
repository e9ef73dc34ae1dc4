package org.mixpanellakeflow.connect;

/**
 * The root of errors raised by the contract layer: bad options, unknown tables, records that do not
 * fit their schema. Messages say what is wrong and how to fix it, and never carry secrets.
 */
public class LakeflowException extends RuntimeException {

  public LakeflowException(String message) {
    super(message);
  }

  public LakeflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
