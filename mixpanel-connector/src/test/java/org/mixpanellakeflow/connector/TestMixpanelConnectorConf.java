package org.mixpanellakeflow.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.client.Region;
import org.mixpanellakeflow.connect.LakeflowException;

class TestMixpanelConnectorConf {

  private static Map<String, String> serviceAccount() {
    Map<String, String> options = new HashMap<>();
    options.put("username", "sa.user");
    options.put("secret", "sa-secret-value");
    options.put("project_id", "12345");
    return options;
  }

  @Test
  void defaults() {
    MixpanelConnectorConf conf = MixpanelConnectorConf.fromOptions(serviceAccount());
    assertThat(conf.region()).isEqualTo(Region.US);
    assertThat(conf.projectTimezone()).isEqualTo(ZoneId.of("US/Pacific"));
    assertThat(conf.historicalDays()).isEqualTo(10);
    assertThat(conf.startDate()).isNull();
    assertThat(conf.baseUri()).isNull();
    assertThat(conf.exportWindowDays()).isEqualTo(7);
    assertThat(conf.lookbackDays()).isEqualTo(5);
    assertThat(conf.projectCreated()).isNull();
    assertThat(conf.engageFullRefresh()).isFalse();
    assertThat(conf.includeAllUsers()).isTrue();
    assertThat(conf.propertiesFormat()).isEqualTo(PropertiesFormat.STRUCT);
    assertThat(conf.http().connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(conf.http().readTimeout()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(conf.http().exportPerHour()).isNull();
    assertThat(conf.http().queryPerHour()).isNull();
    assertThat(conf.http().onMalformedLine()).isEqualTo(org.mixpanellakeflow.client.OnMalformedLine.FAIL);
    assertThat(conf.http().caCertificate()).isNull();
    assertThat(conf.http().spoolDir()).isEqualTo(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    assertThat(conf.projectId()).isEqualTo(12345L);
    assertThat(conf.credentials().requiresProjectId()).isTrue();
  }

  @Test
  void mapsEveryOption() {
    Map<String, String> options = new HashMap<>();
    options.put("api_secret", "project-secret-value");
    options.put("project_id", "7");
    options.put("region", "in");
    options.put("project_timezone", "Asia/Kolkata");
    options.put("start_date", "2024-05-01");
    options.put("base_url", "http://127.0.0.1:8080/");
    options.put("export_window_days", "3");
    options.put("lookback_days", "0");
    options.put("project_created", "2019-03-01");
    options.put("engage_full_refresh", "TRUE");
    options.put("cohort_members_include_all_users", "false");
    options.put("on_malformed_line", "Skip");
    options.put("properties_format", "Struct_And_Variant");
    options.put("connect_timeout_seconds", "3");
    options.put("read_timeout_seconds", "30");
    options.put("export_requests_per_hour", "0");
    options.put("query_requests_per_hour", "30");
    options.put("spool_dir", "/var/tmp/spool");
    options.put("ca_certificate", "pom.xml"); // any readable file; its content is checked by the client
    MixpanelConnectorConf conf = MixpanelConnectorConf.fromOptions(options);
    assertThat(conf.http().onMalformedLine()).isEqualTo(org.mixpanellakeflow.client.OnMalformedLine.SKIP);
    assertThat(conf.http().connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(conf.http().readTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(conf.http().exportPerHour()).isZero();
    assertThat(conf.http().queryPerHour()).isEqualTo(30);
    assertThat(conf.http().spoolDir()).isEqualTo(java.nio.file.Path.of("/var/tmp/spool"));
    assertThat(conf.http().caCertificate()).isEqualTo(java.nio.file.Path.of("pom.xml"));
    assertThat(conf.lookbackDays()).isZero();
    assertThat(conf.projectCreated()).isEqualTo(LocalDate.of(2019, 3, 1));
    assertThat(conf.engageFullRefresh()).isTrue();
    assertThat(conf.includeAllUsers()).isFalse();
    assertThat(conf.propertiesFormat()).isEqualTo(PropertiesFormat.STRUCT_AND_VARIANT);
    assertThat(conf.region()).isEqualTo(Region.IN);
    assertThat(conf.projectTimezone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
    assertThat(conf.startDate()).isEqualTo(LocalDate.of(2024, 5, 1));
    assertThat(conf.baseUri()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(conf.exportWindowDays()).isEqualTo(3);
    assertThat(conf.projectId()).isEqualTo(7L);
    assertThat(conf.credentials().requiresProjectId()).isFalse();
  }

  @Test
  void projectSecretNeedsNoProjectId() {
    MixpanelConnectorConf conf =
        MixpanelConnectorConf.fromOptions(Map.of("api_secret", "project-secret-value"));
    assertThat(conf.projectId()).isNull();
  }

  @Test
  void rejectsMissingCredentials() {
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(Map.of("region", "EU")))
        .isInstanceOf(LakeflowException.class)
        .hasMessage(
            "Missing credentials: set 'username' and 'secret' (service account, recommended) or"
                + " 'api_secret' (project secret)");
  }

  @Test
  void rejectsHalfAServiceAccount() {
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(Map.of("username", "sa.user")))
        .hasMessage("Missing option 'secret': a service account needs both 'username' and 'secret'");
  }

  @Test
  void rejectsServiceAccountWithoutProjectId() {
    Map<String, String> options = serviceAccount();
    options.remove("project_id");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Missing option 'project_id': a service account needs the numeric project id"
                + " (Mixpanel: Settings > Project Settings)");
  }

  @Test
  void rejectsBothAuthModes() {
    Map<String, String> options = serviceAccount();
    options.put("api_secret", "project-secret-value");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Cannot set both 'api_secret' and a service account ('username'/'secret'): keep one way"
                + " to authenticate");
  }

  @Test
  void rejectsUnknownRegion() {
    Map<String, String> options = serviceAccount();
    options.put("region", "APAC");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage("Invalid value for option 'region': 'APAC' (expected one of US, EU, IN)");
  }

  @Test
  void rejectsUnknownTimezone() {
    Map<String, String> options = serviceAccount();
    options.put("project_timezone", "Pacific Time");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Invalid value for option 'project_timezone': 'Pacific Time' (expected an IANA time"
                + " zone such as US/Pacific or UTC)");
  }

  @Test
  void rejectsBadHistoricalDays() {
    Map<String, String> options = serviceAccount();
    options.put("historical_days", "ten");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Invalid value for option 'historical_days': 'ten' (expected a whole number of days, 0"
                + " or more)");
    options.put("historical_days", "-1");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Invalid value for option 'historical_days': '-1' (expected a whole number of days, 0"
                + " or more)");
  }

  @Test
  void rejectsStartDateWithHistoricalDays() {
    Map<String, String> options = serviceAccount();
    options.put("historical_days", "5");
    options.put("start_date", "2024-05-01");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage("Cannot set both 'start_date' and 'historical_days': keep one of them");
  }

  @Test
  void rejectsMalformedStartDate() {
    Map<String, String> options = serviceAccount();
    options.put("start_date", "05/01/2024");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage("Invalid value for option 'start_date': '05/01/2024' (expected a date as yyyy-MM-dd)");
  }

  @Test
  void rejectsBaseUrlWithCredentials() {
    Map<String, String> options = serviceAccount();
    options.put("base_url", "https://user:pw@127.0.0.1:8443");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Invalid value for option 'base_url': credentials in the URL are not allowed; use the"
                + " credential options")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw"));
  }

  @Test
  void rejectsNonHttpBaseUrl() {
    Map<String, String> options = serviceAccount();
    options.put("base_url", "ftp://127.0.0.1");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Invalid value for option 'base_url': 'ftp://127.0.0.1' (expected an http(s) URL such"
                + " as https://127.0.0.1:8443)");
  }

  @Test
  void rejectsZeroWindow() {
    Map<String, String> options = serviceAccount();
    options.put("export_window_days", "0");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Invalid value for option 'export_window_days': '0' (expected a positive whole number"
                + " of days)");
  }

  @Test
  void rejectsNonBooleanFlag() {
    Map<String, String> options = serviceAccount();
    options.put("engage_full_refresh", "yes");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage("Invalid value for option 'engage_full_refresh': 'yes' (expected true or false)");
  }

  @Test
  void rejectsMalformedProjectCreated() {
    Map<String, String> options = serviceAccount();
    options.put("project_created", "2019");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage("Invalid value for option 'project_created': '2019' (expected a date as yyyy-MM-dd)");
  }

  @Test
  void rejectsNegativeLookback() {
    Map<String, String> options = serviceAccount();
    options.put("lookback_days", "-2");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage("Invalid value for option 'lookback_days': '-2' (expected a whole number of days, 0 or more)");
  }

  @Test
  void rejectsUnknownMalformedLinePolicy() {
    Map<String, String> options = serviceAccount();
    options.put("on_malformed_line", "ignore");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage("Invalid value for option 'on_malformed_line': 'ignore' (expected fail or skip)");
  }

  @Test
  void rejectsUnknownPropertiesFormat() {
    Map<String, String> options = serviceAccount();
    options.put("properties_format", "json");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .isInstanceOf(LakeflowException.class)
        .hasMessage("Invalid value for option 'properties_format': 'json' (expected one of struct,"
            + " struct_and_variant, variant)");
  }

  @Test
  void aTablesPropertiesFormatWinsOverTheConnections() {
    assertThat(PropertiesFormat.forTable(Map.of("PROPERTIES_FORMAT", " variant "), PropertiesFormat.STRUCT))
        .isEqualTo(PropertiesFormat.VARIANT);
    assertThat(PropertiesFormat.forTable(Map.of("region", "EU"), PropertiesFormat.STRUCT_AND_VARIANT))
        .isEqualTo(PropertiesFormat.STRUCT_AND_VARIANT);
    assertThat(PropertiesFormat.forTable(null, PropertiesFormat.STRUCT)).isEqualTo(PropertiesFormat.STRUCT);
    assertThatThrownBy(() -> PropertiesFormat.forTable(Map.of("properties_format", "map"), PropertiesFormat.STRUCT))
        .isInstanceOf(LakeflowException.class)
        .hasMessage("Invalid value for option 'properties_format': 'map' (expected one of struct,"
            + " struct_and_variant, variant)");
  }

  @Test
  void rejectsUnreadableCaCertificate() {
    Map<String, String> options = serviceAccount();
    options.put("ca_certificate", "/nonexistent/ca.pem");
    assertThatThrownBy(() -> MixpanelConnectorConf.fromOptions(options))
        .hasMessage(
            "Invalid value for option 'ca_certificate': cannot read '/nonexistent/ca.pem' (expected"
                + " the path of a PEM certificate file readable by the Spark driver and executors)");
  }

  @Test
  void neverShowsSecrets() {
    MixpanelConnectorConf conf = MixpanelConnectorConf.fromOptions(serviceAccount());
    assertThat(conf.toString()).doesNotContain("sa-secret-value");
  }
}
