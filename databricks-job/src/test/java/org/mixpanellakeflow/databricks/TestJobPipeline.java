package org.mixpanellakeflow.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import org.mixpanellakeflow.pipeline.TableSpec;

class TestJobPipeline {

  static final PipelineSpec SPEC =
      PipelineSpec.parse(
          "{\"connection_name\": \"mixpanel\", \"objects\": ["
              + "{\"table\": {\"source_table\": \"events\", \"destination_catalog\": \"main\","
              + " \"destination_schema\": \"mixpanel\","
              + " \"table_configuration\": {\"scd_type\": \"SCD_TYPE_2\", \"lookback_days\": \"3\"}}},"
              + "{\"table\": {\"source_table\": \"engage\", \"destination_table\": \"profiles\"}}]}");

  @Test
  void catalogAndSchemaReplaceEveryTablesDestination() {
    PipelineSpec landed = JobPipeline.withDestination(SPEC, Optional.of("dev"), Optional.of("mp_dev"));

    assertThat(landed.connectionName()).isEqualTo("mixpanel");
    assertThat(landed.tables())
        .extracting(TableSpec::destinationName)
        .containsExactly("dev.mp_dev.events", "dev.mp_dev.profiles");
    // everything else is the spec's
    TableSpec events = landed.tables().get(0);
    assertThat(events)
        .isEqualTo(
            new TableSpec(
                "events",
                Optional.of("dev"),
                Optional.of("mp_dev"),
                "events",
                SPEC.tables().get(0).connectorOptions(),
                SPEC.tables().get(0).scdType(),
                SPEC.tables().get(0).primaryKeys(),
                SPEC.tables().get(0).sequenceBy(),
                SPEC.tables().get(0).clusterBy(),
                SPEC.tables().get(0).mergePruning()));
    assertThat(events.connectorOptions()).containsExactly(java.util.Map.entry("lookback_days", "3"));
  }

  @Test
  void withoutCatalogAndSchemaTheSpecIsKept() {
    assertThat(JobPipeline.withDestination(SPEC, Optional.empty(), Optional.empty()))
        .isSameAs(SPEC);
    assertThat(SPEC.tables())
        .extracting(TableSpec::destinationName)
        .containsExactly("main.mixpanel.events", "profiles");
  }
}
