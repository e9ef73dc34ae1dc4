package org.mixpanellakeflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestConnections {

  private static final String FILE =
      "{\"connections\": {\"my_mixpanel_connection\": {\"connector\": \"mixpanel\", \"options\": {"
          + "\"username\": \"sa\", \"secret\": \"${env:MIXPANEL_SECRET}\", \"project_id\": 123,"
          + " \"region\": \"${env:MP_REGION}-1\", \"api_secret\": \"plain-api-secret\","
          + " \"access_token\": \"tok-value\", \"password\": \"pw-value\"}},"
          + " \"other\": {\"options\": {}}}}";

  private static final Map<String, String> ENV =
      Map.of("MIXPANEL_SECRET", "s3cr3t-value", "MP_REGION", "EU");

  @Test
  void resolvesEnvironmentReferences() {
    Connection connection = Connections.parse(FILE, ENV).connection("my_mixpanel_connection");

    assertThat(connection.connector()).contains("mixpanel");
    assertThat(connection.options())
        .containsExactly(
            Map.entry("username", "sa"),
            Map.entry("secret", "s3cr3t-value"),
            Map.entry("project_id", "123"),
            Map.entry("region", "EU-1"),
            Map.entry("api_secret", "plain-api-secret"),
            Map.entry("access_token", "tok-value"),
            Map.entry("password", "pw-value"));
  }

  @Test
  void leavesTheConnectorOptional() {
    Connections connections = Connections.parse(FILE, ENV);

    assertThat(connections.names()).containsExactly("my_mixpanel_connection", "other");
    assertThat(connections.connection("other"))
        .isEqualTo(new Connection("other", Optional.empty(), Map.of()));
  }

  @Test
  void readsAFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("connections.json"), FILE);

    assertThat(Connections.parse(file, ENV).connection("other").options()).isEmpty();
  }

  @Test
  void neverShowsSecretsInToString() {
    String shown = Connections.parse(FILE, ENV).toString();

    assertThat(shown)
        .contains("username=sa", "secret=***", "api_secret=***", "access_token=***", "password=***")
        .doesNotContain("s3cr3t-value", "plain-api-secret", "tok-value", "pw-value");
  }

  @Test
  void namesTheMissingVariableButNotTheValue() {
    assertThatThrownBy(() -> Connections.parse(FILE, Map.of("MP_REGION", "EU")))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Environment variable 'MIXPANEL_SECRET' is not set (referenced by option 'secret' of"
                + " connection 'my_mixpanel_connection'); set it before running the pipeline");
  }

  @Test
  void rejectsUnterminatedReferencesWithoutShowingTheValue() {
    String file =
        "{\"connections\": {\"c\": {\"options\": {\"secret\": \"abc${env:MIXPANEL_SECRET\"}}}}";

    assertThatThrownBy(() -> Connections.parse(file, ENV))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Option 'secret' of connection 'c' has an unterminated ${env:...} reference; close it"
                + " with '}'");
  }

  @Test
  void listsKnownConnectionsForAnUnknownName() {
    Connections connections = Connections.parse(FILE, ENV);

    assertThatThrownBy(() -> connections.connection("mixpanel"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Unknown connection 'mixpanel' (known connections: my_mixpanel_connection, other); add"
                + " it to the connections file or fix 'connection_name'");
  }

  @Test
  void rejectsUnknownKeys() {
    assertThatThrownBy(() -> Connections.parse("{\"connections\": {\"c\": {\"option\": {}}}}", ENV))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Unknown key 'option' in connection 'c' (allowed: connector, options)");
    assertThatThrownBy(() -> Connections.parse("{\"connection\": {}}", ENV))
        .isInstanceOf(PipelineException.class)
        .hasMessage("Unknown key 'connection' in connections file (allowed: connections)");
  }

  @Test
  void rejectsAFileWithoutConnections() {
    assertThatThrownBy(() -> Connections.parse("{}", ENV))
        .isInstanceOf(PipelineException.class)
        .hasMessage(
            "Connections file is missing 'connections' (an object of connection name to"
                + " {\"connector\": ..., \"options\": {...}})");
  }

  @Test
  void keepsSecretsOutOfParseErrors() {
    String broken =
        "{\"connections\": {\"c\": {\"options\": {\"secret\": \"s3cr3t-value\" \"x\": 1}}}}";

    assertThatThrownBy(() -> Connections.parse(broken, ENV))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("Cannot parse connections file: not valid JSON (")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }
}
