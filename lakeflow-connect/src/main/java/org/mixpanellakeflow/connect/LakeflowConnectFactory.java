package org.mixpanellakeflow.connect;

import java.util.Map;

/**
 * Creates {@link LakeflowConnect} instances; found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/org.mixpanellakeflow.connect.LakeflowConnectFactory}. The Spark source
 * picks one by the {@code connector} option, or the only one on the class path.
 */
public interface LakeflowConnectFactory {

  /** The short name users pass as the {@code connector} option, e.g. {@code mixpanel}. */
  String name();

  /**
   * Builds a connector from connection options (case preserved). Invalid options fail here with a
   * {@link LakeflowException} naming the key, the bad value and what is expected.
   */
  LakeflowConnect create(Map<String, String> options);
}
