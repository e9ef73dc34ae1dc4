package org.mixpanellakeflow.emulator;

/**
 * A request the emulator refuses, with the status and error message Mixpanel would send.
 *
 * <p>Auth failures use Mixpanel's {@code {"error": ...}} body; every other refusal also echoes
 * the request as {@code {"request": "<path?query>", "error": ...}}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final boolean echoesRequest;

  private ApiException(int status, String message, boolean echoesRequest) {
    super(message);
    this.status = status;
    this.echoesRequest = echoesRequest;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message, true);
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, message, false);
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, message, false);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message, true);
  }

  static ApiException methodNotAllowed(String message) {
    return new ApiException(405, message, true);
  }

  static ApiException serverError(String message) {
    return new ApiException(500, message, true);
  }

  int status() {
    return status;
  }

  boolean echoesRequest() {
    return echoesRequest;
  }
}
