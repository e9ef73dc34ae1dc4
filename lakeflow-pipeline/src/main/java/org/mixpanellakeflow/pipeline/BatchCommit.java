package org.mixpanellakeflow.pipeline;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The Delta commit of one micro-batch. Every writer makes exactly one commit per batch, and that
 * commit carries Delta's transaction identifier, the app id and the batch id as version: Delta
 * records it with the commit and skips a later write whose version it has already recorded for the
 * app id. So a batch replayed after a crash that came after its commit writes nothing, whichever
 * way (append or MERGE) the replay would have written it.
 *
 * @param session the session running the batch, on which the writer runs its write
 * @param target the Delta table the batch is written to
 * @param appId the destination plus the streaming query's id, which Spark keeps in the checkpoint;
 *     a new checkpoint, whose batch ids start at 0 again, gets a new app id
 * @param version the batch id
 */
record BatchCommit(SparkSession session, DeltaTarget target, String appId, long version) {

  BatchCommit {
    Objects.requireNonNull(session, "session is null");
    Objects.requireNonNull(target, "target is null");
    Objects.requireNonNull(appId, "appId is null");
  }

  static String appId(String destination, String queryId) {
    return "lakeflow-pipeline/" + destination + "/" + queryId;
  }

  /**
   * Whether the table has recorded this commit already: the batch is a replay after a crash that
   * came after its commit, and any write of it would be skipped. Reads the Delta log only.
   *
   * <p>The answer serves the run's row count only: a replayed write is skipped by Delta either
   * way. So where open-source Delta's log classes are missing (a runtime that ships its own Delta
   * under other names), the answer is "no", the replay's write is skipped by Delta, and the batch
   * counts 0 rows read.
   */
  boolean isRecorded() {
    try {
      // the transaction ids are not in Delta's public API; Delta itself reads them from the
      // snapshot. A catalog table's log is found at the location the catalog gives it
      Option<Object> recorded =
          DeltaLog.forTable(session, target.logPath())
              .update(false, Option.empty(), Option.empty())
              .transactions()
              .get(appId);
      return recorded.isDefined() && (Long) recorded.get() >= version;
    } catch (LinkageError e) {
      LOG.warn(
          "Cannot read Delta's transaction ids on this runtime ({}); a replayed batch is skipped by"
              + " Delta and counted as 0 rows",
          e.toString());
      return false;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(BatchCommit.class);

  /** Appends {@code rows} to the table, adding new columns to its schema. */
  void append(Dataset<Row> rows) {
    target.append(
        rows,
        Map.of("mergeSchema", "true", "txnAppId", appId, "txnVersion", Long.toString(version)));
  }

  /**
   * Runs {@code merge}, a Delta MERGE of a source read from the connector, as this commit: with the
   * transaction identifier, and with Delta's source materialization pinned to {@code auto} (see
   * {@link DeltaSettings#MATERIALIZE_SOURCE}).
   */
  void merge(Runnable merge) {
    mergeWith(Map.of(), merge);
  }

  /**
   * Runs {@code merge} like {@link #merge}, with {@code settings} on top, e.g. no materialization
   * for a source the writer has already copied to disk itself.
   */
  void mergeWith(Map<String, String> settings, Runnable merge) {
    Map<String, String> all = new HashMap<>();
    all.put(DeltaSettings.MATERIALIZE_SOURCE, "auto");
    all.putAll(settings);
    all.put(DeltaSettings.TXN_APP_ID, appId);
    all.put(DeltaSettings.TXN_VERSION, Long.toString(version));
    DeltaSettings.with(session, all, merge);
  }
}
