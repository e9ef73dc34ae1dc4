package org.mixpanellakeflow.pipeline;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Which option values must never be shown: logs, messages and {@code toString} redact them. */
final class Secrets {

  static final String REDACTED = "***";

  private Secrets() {}

  /**
   * True for keys that hold credentials. Matching by name errs on the side of hiding: a key like
   * {@code secret_hint} is hidden too, which costs nothing.
   */
  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("secret") || k.contains("password") || k.contains("token");
  }

  static Map<String, String> redact(Map<String, String> options) {
    Map<String, String> shown = new LinkedHashMap<>();
    options.forEach((k, v) -> shown.put(k, isSecretKey(k) ? REDACTED : v));
    return shown;
  }
}
