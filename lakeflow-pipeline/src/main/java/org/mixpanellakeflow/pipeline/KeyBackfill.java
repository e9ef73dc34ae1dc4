package org.mixpanellakeflow.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a Delta table written before one of its primary keys existed up to the plan's keys: the
 * missing key columns are added and filled for the stored rows with the connector's {@code
 * keyBackfills} expressions, before any new row is written.
 *
 * <p>Crash safety: the table property {@value #PENDING} is set first to the JSON list of the
 * columns to fill, then the columns are added ({@code ALTER TABLE ADD COLUMNS}), then filled
 * ({@code UPDATE ... WHERE column IS NULL}, one per column), and last the property is removed. Each
 * step is one Delta commit and safe to repeat, and the next run resumes every column the property
 * still names, so a crash between any two steps is finished by the next run. Altering in place
 * keeps the table's clustering, properties and history.
 */
final class KeyBackfill {

  /** Table property naming the key columns whose backfill has not finished. */
  static final String PENDING = "lakeflow.pipeline.pendingKeyBackfill";

  private static final Logger LOG = LoggerFactory.getLogger(KeyBackfill.class);

  private final TablePlan plan;
  private final DeltaTarget target;
  private final StructType sourceSchema;
  private final List<String> columns;

  private KeyBackfill(
      TablePlan plan, DeltaTarget target, StructType sourceSchema, List<String> columns) {
    this.plan = Objects.requireNonNull(plan, "plan is null");
    this.target = Objects.requireNonNull(target, "target is null");
    this.sourceSchema = Objects.requireNonNull(sourceSchema, "sourceSchema is null");
    this.columns = List.copyOf(columns);
  }

  /**
   * Compares the plan's keys with the stored table, reading only the table's schema and properties
   * and the connector's schema. Empty when the table does not exist yet, has every key column and
   * no unfinished backfill, or is written without matching on keys.
   *
   * @throws PipelineException when a key column is missing and cannot be backfilled
   */
  static Optional<KeyBackfill> check(SparkSession spark, LakeflowSource source, TablePlan plan) {
    DeltaTarget target = DeltaTarget.of(spark, plan);
    if (!plan.writeMode().matchesOnKeys() || plan.primaryKeys().isEmpty() || !target.exists()) {
      return Optional.empty();
    }
    StructType stored = target.schema();
    List<String> missing =
        plan.primaryKeys().stream().filter(k -> ColumnPath.resolve(stored, k).isEmpty()).toList();
    Set<String> columns = new LinkedHashSet<>(missing);
    columns.addAll(pending(spark, plan, target));
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    List<String> unfillable =
        columns.stream().filter(k -> !plan.keyBackfills().containsKey(k)).toList();
    if (!unfillable.isEmpty() && missing.isEmpty()) {
      throw new PipelineException(
          "The Delta table '"
              + target.name()
              + "' of source table '"
              + plan.sourceTable()
              + "' has an unfinished backfill of the primary key column(s) "
              + unfillable
              + " (table property '"
              + PENDING
              + "'), and the connector no longer gives a backfill for them; fill the column(s)"
              + " yourself and unset the property, or "
              + plan.location().setAside(plan.checkpointPath())
              + " to sync it again from the start");
    }
    if (!unfillable.isEmpty()) {
      throw refusal(plan, missing, "the connector gives no backfill for " + unfillable);
    }
    StructType sourceSchema = source.schema(plan.spec());
    for (String key : columns) {
      ColumnPath path = ColumnPath.require(sourceSchema, key, "primary key", plan.sourceTable());
      if (path.segments().size() > 1) {
        throw refusal(plan, missing, "'" + key + "' is nested, and only top-level keys are added");
      }
    }
    return Optional.of(new KeyBackfill(plan, target, sourceSchema, List.copyOf(columns)));
  }

  /**
   * Adds and fills the key columns, logging the rows filled.
   *
   * @throws PipelineException if a step failed; running again resumes the backfill
   */
  void apply(SparkSession spark) {
    String table = plan.location().sqlName();
    try {
      spark.sql(
          "ALTER TABLE "
              + table
              + " SET TBLPROPERTIES ('"
              + PENDING
              + "' = '"
              + StrictJson.MAPPER.writeValueAsString(columns).replace("'", "\\'")
              + "')");
      StructType stored = target.schema();
      List<String> added = new ArrayList<>();
      for (String column : columns) {
        if (ColumnPath.resolve(stored, column).isEmpty()) {
          added.add(quoted(column) + " " + type(column).sql());
        }
      }
      if (!added.isEmpty()) {
        spark.sql("ALTER TABLE " + table + " ADD COLUMNS (" + String.join(", ", added) + ")");
      }
      for (String column : columns) {
        String expression = plan.keyBackfills().get(column);
        target
            .table()
            .updateExpr(
                quoted(column) + " IS NULL",
                Map.of(quoted(column), "CAST((" + expression + ") AS " + type(column).sql() + ")"));
        LOG.info(
            "Filled the new primary key column '{}' of the Delta table '{}' (source table '{}')"
                + " for {} stored rows with {}",
            column,
            target.name(),
            plan.sourceTable(),
            lastCommitMetric("numUpdatedRows"),
            expression);
      }
      spark.sql("ALTER TABLE " + table + " UNSET TBLPROPERTIES ('" + PENDING + "')");
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      throw new PipelineException(
          "Cannot backfill the primary key column(s) "
              + columns
              + " of the Delta table '"
              + target.name()
              + "' (the next run resumes the backfill; check the connector's key_backfills"
              + " expressions): "
              + MicroBatches.rootMessage(e),
          e);
    }
  }

  private DataType type(String column) {
    return sourceSchema
        .apply(
            ColumnPath.require(sourceSchema, column, "primary key", plan.sourceTable()).topLevel())
        .dataType();
  }

  private static String quoted(String column) {
    return new ColumnPath(List.of(column)).quoted();
  }

  private long lastCommitMetric(String metric) {
    Row last = target.table().history(1).first();
    Map<String, String> metrics = last.getJavaMap(last.fieldIndex("operationMetrics"));
    return Long.parseLong(metrics.getOrDefault(metric, "0"));
  }

  /** The columns a crashed run left to fill, from the table property. */
  private static List<String> pending(SparkSession spark, TablePlan plan, DeltaTarget target) {
    Row detail = spark.sql("DESCRIBE DETAIL " + plan.location().sqlName()).first();
    Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
    String value = properties.get(PENDING);
    if (value == null) {
      return List.of();
    }
    try {
      return StrictJson.MAPPER.readValue(value, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new PipelineException(
          "The table property '"
              + PENDING
              + "' of the Delta table '"
              + target.name()
              + "' is not a JSON list of column names: "
              + value
              + "; unset it once the key columns are filled",
          e);
    }
  }

  private static PipelineException refusal(TablePlan plan, List<String> missing, String reason) {
    return new PipelineException(
        "The Delta table '"
            + plan.location().describe()
            + "' of source table '"
            + plan.sourceTable()
            + "' has no column for primary key(s) "
            + missing
            + ", which this run matches rows on (keys "
            + plan.primaryKeys()
            + "), and "
            + reason
            + "; "
            + plan.location().setAside(plan.checkpointPath())
            + " to sync it again from the start, or add the column(s) to the table and fill"
            + " them yourself, then run again");
  }
}
