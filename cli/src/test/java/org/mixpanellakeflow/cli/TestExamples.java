package org.mixpanellakeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.pipeline.Connection;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineSpec;

/** The files README.md tells users to copy stay valid. */
class TestExamples {

  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void examplePipelineSpecAndConnectionsAreValid() {
    PipelineSpec spec = PipelineSpec.parse(EXAMPLES.resolve("pipeline-spec.json"));
    assertThat(spec.connectionName()).isEqualTo("my_mixpanel_connection");
    assertThat(spec.tables()).extracting(t -> t.destinationName())
        .containsExactly("events", "mixpanel_cohorts");

    Connections connections = Connections.parse(
        EXAMPLES.resolve("connections.json"), Map.of("MIXPANEL_SA_SECRET", "from-the-environment"));
    Connection connection = connections.connection(spec.connectionName());
    assertThat(connection.options()).containsEntry("secret", "from-the-environment");
    assertThat(connection.toString()).doesNotContain("from-the-environment");
    Preflight.checkOptions(connection);
  }
}
