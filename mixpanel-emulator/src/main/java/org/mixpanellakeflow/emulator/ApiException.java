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
  private final boolean appApi;

  private ApiException(int status, String message, boolean echoesRequest) {
    this(status, message, echoesRequest, false);
  }

  private ApiException(int status, String message, boolean echoesRequest, boolean appApi) {
    super(message);
    this.status = status;
    this.echoesRequest = echoesRequest;
    this.appApi = appApi;
  }

  /** An App API error: {@code {"error": ..., "status": "error"}}. */
  static ApiException appApi(int status, String message) {
    return new ApiException(status, message, false, true);
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

  static ApiException payloadTooLarge(String message) {
    return new ApiException(413, message, false);
  }

  static ApiException tooManyRequests(String message) {
    return new ApiException(429, message, true);
  }

  static ApiException paymentRequired(String message) {
    return new ApiException(402, message, true);
  }

  static ApiException withStatus(int status, String message) {
    return new ApiException(status, message, true);
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

  boolean isAppApi() {
    return appApi;
  }
}
