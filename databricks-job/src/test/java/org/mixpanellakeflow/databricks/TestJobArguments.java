package org.mixpanellakeflow.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestJobArguments {

  @Test
  void readsEveryParameterInEitherForm() {
    JobArguments arguments =
        JobArguments.parse(
            "--spec", "/Volumes/main/mixpanel/files/pipeline-spec.json",
            "--connections=dbfs:/Volumes/main/mixpanel/files/connections.json",
            "--warehouse", "s3://bucket/lakehouse",
            "--catalog=main",
            "--schema", "mixpanel");

    assertThat(arguments)
        .isEqualTo(
            new JobArguments(
                "/Volumes/main/mixpanel/files/pipeline-spec.json",
                "dbfs:/Volumes/main/mixpanel/files/connections.json",
                "s3://bucket/lakehouse",
                Optional.of("main"),
                Optional.of("mixpanel")));
  }

  @Test
  void catalogAndSchemaAreOptional() {
    JobArguments arguments =
        JobArguments.parse("--spec", "/a/spec.json", "--connections", "/a/c.json", "--warehouse", "/a/w");

    assertThat(arguments.catalog()).isEmpty();
    assertThat(arguments.schema()).isEmpty();
  }

  @Test
  void rejectsAMissingRequiredParameter() {
    assertThatThrownBy(() -> JobArguments.parse("--spec", "/a/spec.json", "--warehouse", "/a/w"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage(
            "Missing --connections (the connections JSON file); " + JobArguments.USAGE);
  }

  @Test
  void rejectsAnUnknownParameter() {
    assertThatThrownBy(() -> JobArguments.parse("--spec", "/a/spec.json", "--warehous", "/a/w"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage(
            "Unknown argument '--warehous' (expected --spec, --connections, --warehouse, --catalog,"
                + " --schema); "
                + JobArguments.USAGE);
  }

  @Test
  void rejectsAParameterWithoutValue() {
    assertThatThrownBy(() -> JobArguments.parse("--spec", "--connections", "/a/c.json"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("Missing value after --spec; " + JobArguments.USAGE);
    assertThatThrownBy(() -> JobArguments.parse("--spec=", "--connections", "/a/c.json"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("Empty value for --spec; " + JobArguments.USAGE);
  }

  @Test
  void rejectsAParameterGivenTwice() {
    assertThatThrownBy(
            () -> JobArguments.parse("--spec", "/a/spec.json", "--spec=/b/spec.json"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage("--spec is given twice; keep one");
  }

  @Test
  void rejectsARelativePath() {
    assertThatThrownBy(
            () ->
                JobArguments.parse(
                    "--spec", "pipeline-spec.json", "--connections", "/a/c.json", "--warehouse", "/a/w"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage(
            "Invalid value for --spec: 'pipeline-spec.json' is relative; give an absolute path such"
                + " as /Volumes/<catalog>/<schema>/<volume>/... or a URI such as dbfs:/...");
  }

  @Test
  void rejectsCatalogWithoutSchema() {
    assertThatThrownBy(
            () ->
                JobArguments.parse(
                    "--spec", "/a/s.json", "--connections", "/a/c.json", "--warehouse", "/a/w",
                    "--catalog", "main"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage(
            "Cannot set --catalog without --schema: a table lands in catalog.schema.table only"
                + " when both are given");
  }

  @Test
  void rejectsADottedSchema() {
    assertThatThrownBy(
            () ->
                JobArguments.parse(
                    "--spec", "/a/s.json", "--connections", "/a/c.json", "--warehouse", "/a/w",
                    "--catalog", "main", "--schema", "main.mixpanel"))
        .isInstanceOf(JobArgumentException.class)
        .hasMessage(
            "Invalid value for --schema: 'main.mixpanel' (must not contain '/', '\\', '.' or '`')");
  }

  @Test
  void tellsUrisFromPaths() {
    assertThat(JobArguments.isUri("dbfs:/Volumes/a/b/c/x.json")).isTrue();
    assertThat(JobArguments.isUri("file:/tmp/x.json")).isTrue();
    assertThat(JobArguments.isUri("abfss://c@a.dfs.core.windows.net/x.json")).isTrue();
    assertThat(JobArguments.isUri("/Volumes/a/b/c/x.json")).isFalse();
    assertThat(JobArguments.isUri("C:/x.json")).isFalse();
  }
}
