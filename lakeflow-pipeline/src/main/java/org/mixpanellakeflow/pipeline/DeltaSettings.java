package org.mixpanellakeflow.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta session settings the writers set for their own writes, and how: on the session that
 * runs the write, for that write only, restoring what was there before.
 */
final class DeltaSettings {

  /**
   * Whether MERGE copies its source to local disk before its passes over it. Delta's {@code auto}
   * copies any source that is not a plain Delta scan, except for an insert-only MERGE (one pass);
   * without the copy, a MERGE that updates reads its source twice (a join pass to find the touched
   * files, then a write pass), which for the pipeline means reading the connector twice and
   * trusting it to return the same records both times. The writers pin {@code auto} so that a
   * session setting {@code none} cannot bring that back.
   */
  static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";

  /** With {@link #TXN_VERSION}: Delta skips a DML whose version it recorded for this app id. */
  static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";

  static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";

  private DeltaSettings() {}

  /** Runs {@code write} with {@code settings} on {@code session}, then restores earlier values. */
  static void with(SparkSession session, Map<String, String> settings, Runnable write) {
    RuntimeConfig conf = session.conf();
    Map<String, String> before = new LinkedHashMap<>();
    for (String key : settings.keySet()) {
      if (conf.contains(key)) {
        before.put(key, conf.get(key));
      }
    }
    settings.forEach(conf::set);
    try {
      write.run();
    } finally {
      for (String key : settings.keySet()) {
        if (before.containsKey(key)) {
          conf.set(key, before.get(key));
        } else {
          conf.unset(key);
        }
      }
    }
  }
}
