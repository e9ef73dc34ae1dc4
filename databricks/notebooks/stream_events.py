# Databricks notebook source
# MAGIC %md
# MAGIC # Mixpanel events into a Unity Catalog table with `format("mixpanel")`
# MAGIC
# MAGIC Needs a **dedicated (single-user) cluster** on Databricks Runtime 17.3 LTS (Spark 4.0, Scala 2.13)
# MAGIC with `mixpanel-lakeflow-databricks-<version>.jar` installed as a cluster library from a volume
# MAGIC (Compute > your cluster > Libraries > Install new > Volumes). Serverless compute cannot load the jar,
# MAGIC and standard access mode needs it allow-listed (README, "Run on Databricks").
# MAGIC
# MAGIC The service account comes from a secret scope (`sa-username`, `sa-secret`), read with
# MAGIC `dbutils.secrets.get`; notebook output redacts it.
# MAGIC
# MAGIC Each run reads what is new since the last run's checkpoint, then stops (`availableNow`). The source
# MAGIC re-reads recent days on purpose on every sync (late events: `lookback_days`, `processing_lag_minutes`),
# MAGIC so run **one** of the two writes below: the append keeps a re-read event once per read (same
# MAGIC `event_key`), the merge keeps one row per event. The scheduled job of `databricks.yml` merges all four
# MAGIC tables this way, with SCD options and exactly-once commits.

# COMMAND ----------

dbutils.widgets.text("catalog", "main")
dbutils.widgets.text("schema", "mixpanel")
dbutils.widgets.text("volume", "mixpanel_lakeflow")
dbutils.widgets.text("secret_scope", "mixpanel")
dbutils.widgets.text("project_id", "")
dbutils.widgets.text("project_timezone", "US/Pacific")

catalog = dbutils.widgets.get("catalog")
schema = dbutils.widgets.get("schema")
volume = dbutils.widgets.get("volume")
scope = dbutils.widgets.get("secret_scope")
checkpoints = f"/Volumes/{catalog}/{schema}/{volume}/notebook-checkpoints"

# COMMAND ----------

# Option names: README.md, "Configuration reference"; tableName picks the table
# (events, engage, cohorts, cohort_members).
events = (
    spark.readStream.format("mixpanel")
    .option("tableName", "events")
    .option("username", dbutils.secrets.get(scope, "sa-username"))
    .option("secret", dbutils.secrets.get(scope, "sa-secret"))
    .option("project_id", dbutils.widgets.get("project_id"))
    .option("project_timezone", dbutils.widgets.get("project_timezone"))
    .option("historical_days", "30")
    .load()
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Either: append every event read into `events_raw`

# COMMAND ----------

(
    events.writeStream
    .option("checkpointLocation", f"{checkpoints}/events_raw")
    .trigger(availableNow=True)
    .toTable(f"{catalog}.{schema}.events_raw")
    .awaitTermination()
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Or: one row per event in `events`, merged on `event_key`

# COMMAND ----------

from delta.tables import DeltaTable

target = f"{catalog}.{schema}.events"


def merge_batch(batch, batch_id):
    rows = batch.dropDuplicates(["event_key"])
    if not batch.sparkSession.catalog.tableExists(target):
        rows.write.saveAsTable(target)
        return
    (
        DeltaTable.forName(batch.sparkSession, target).alias("t")
        .merge(rows.alias("s"), "t.event_key = s.event_key")
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute()
    )


(
    events.writeStream
    .foreachBatch(merge_batch)
    .option("checkpointLocation", f"{checkpoints}/events")
    .trigger(availableNow=True)
    .start()
    .awaitTermination()
)

# COMMAND ----------

display(spark.sql(f"SELECT event, count(*) AS events FROM {catalog}.{schema}.events GROUP BY event ORDER BY 2 DESC"))
