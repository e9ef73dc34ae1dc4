package org.mixpanellakeflow.databricks;

import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import org.mixpanellakeflow.pipeline.TableSpec;

/**
 * Where the job meets the ingestion pipeline, through its public API only: a {@link
 * PipelineRunner} on the session Databricks provides, over the warehouse folder. Tables whose spec
 * names a catalog and a schema are {@code catalog.schema.table} destinations; where they land is
 * the runner's business.
 */
final class JobPipeline {

  private JobPipeline() {}

  static PipelineResult run(
      SparkSession spark, JobArguments arguments, PipelineSpec spec, Connections connections) {
    PipelineSpec landed = withDestination(spec, arguments.catalog(), arguments.schema());
    return new PipelineRunner(spark, arguments.warehouse()).run(landed, connections);
  }

  /**
   * {@code spec} with every table's destination catalog and schema replaced by {@code catalog} and
   * {@code schema} when both are given; {@code spec} itself otherwise.
   */
  static PipelineSpec withDestination(
      PipelineSpec spec, Optional<String> catalog, Optional<String> schema) {
    Objects.requireNonNull(spec, "spec is null");
    if (catalog.isEmpty() || schema.isEmpty()) {
      return spec;
    }
    return new PipelineSpec(
        spec.connectionName(),
        spec.tables().stream()
            .map(
                t ->
                    new TableSpec(
                        t.sourceTable(),
                        catalog,
                        schema,
                        t.destinationTable(),
                        t.connectorOptions(),
                        t.scdType(),
                        t.primaryKeys(),
                        t.sequenceBy(),
                        t.clusterBy(),
                        t.mergePruning()))
            .toList());
  }
}
