package org.mixpanellakeflow.connect.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connect.LakeflowException;
import org.mixpanellakeflow.connect.spark.SourceOptions.Flow;

class TestSourceOptions {

  @Test
  void splitsOwnKeysIgnoringCaseAndKeepsTheRestCasePreserved() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("TABLENAME", "events");
    options.put("connector", "mixpanel");
    options.put("isDeleteFlow", "TRUE");
    options.put("tableNameList", "[\"events\"]");
    options.put("tableconfigs", "{}");
    options.put("Project_Id", "123");
    options.put("api_secret", "s3cr3t");

    SourceOptions parsed = SourceOptions.parse(options);

    assertThat(parsed.tableName()).isEqualTo("events");
    assertThat(parsed.connectorName()).isEqualTo("mixpanel");
    assertThat(parsed.flow()).isEqualTo(Flow.DELETES);
    assertThat(parsed.tableNameList()).isEqualTo("[\"events\"]");
    assertThat(parsed.tableConfigs()).isEqualTo("{}");
    assertThat(parsed.connectorOptions())
        .containsExactly(Map.entry("Project_Id", "123"), Map.entry("api_secret", "s3cr3t"));
  }

  @Test
  void defaultsToReadingRows() {
    SourceOptions parsed = SourceOptions.parse(Map.of("tableName", "events"));

    assertThat(parsed.flow()).isEqualTo(Flow.ROWS);
    assertThat(parsed.connectorName()).isNull();
    assertThat(parsed.connectorOptions()).isEmpty();
  }

  @Test
  void rejectsANonBooleanDeleteFlow() {
    assertThatThrownBy(() -> SourceOptions.parse(Map.of("isDeleteFlow", "yes")))
        .isInstanceOf(LakeflowException.class)
        .hasMessage("Invalid value for option 'isDeleteFlow': 'yes' (expected true or false)");
  }

  @Test
  void specToStringShowsOptionKeysOnly() {
    ConnectorSpec spec =
        new ConnectorSpec("mixpanel", "events", Flow.ROWS, Map.of("api_secret", "s3cr3t"));

    assertThat(spec.toString())
        .isEqualTo(
            "ConnectorSpec[connector=mixpanel, table=events, flow=ROWS, optionKeys=[api_secret]]")
        .doesNotContain("s3cr3t");
  }

  @Test
  void acceptsTheDatabricksConnectionAndAReadLimitWithoutPassingThemToTheConnector() {
    SourceOptions parsed =
        SourceOptions.parse(
            Map.of(
                "tableName", "events",
                "databricks.connection", "mixpanel_prod",
                "MaxRowsPerTrigger", "5000",
                "username", "sa"));

    assertThat(parsed.databricksConnection()).isEqualTo("mixpanel_prod");
    assertThat(parsed.maxRowsPerTrigger()).isEqualTo(5000L);
    assertThat(parsed.connectorOptions()).containsOnlyKeys("username");
  }

  @Test
  void refusesAReadLimitThatIsNotPositive() {
    assertThatThrownBy(() -> SourceOptions.parse(Map.of("maxRowsPerTrigger", "0")))
        .isInstanceOf(LakeflowException.class)
        .hasMessageStartingWith("Invalid value for option 'maxRowsPerTrigger': '0'");
  }
}
