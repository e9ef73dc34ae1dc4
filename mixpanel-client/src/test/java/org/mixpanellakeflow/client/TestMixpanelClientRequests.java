package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.client.FixtureClients.client;
import static org.mixpanellakeflow.client.FixtureClients.serviceAccount;
import static org.mixpanellakeflow.client.FixtureServer.gzipped;
import static org.mixpanellakeflow.client.FixtureServer.text;
import static org.mixpanellakeflow.client.TestExportStream.line;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestMixpanelClientRequests {

  private static final LocalDate DAY = LocalDate.of(2024, 5, 1);

  private FixtureServer server;
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @BeforeEach
  void startServer() throws IOException {
    server = FixtureServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void exportSendsWindowFiltersMillisecondsAndServiceAccountAuth() {
    server.then(text(200, ""));
    ExportRequest request =
        ExportRequest.days(DAY, DAY.plusDays(1))
            .withEvents(List.of("Signed up", "Paid"))
            .withWhere("properties[\"plan\"] == \"pro\"");

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        ExportStream<ExportedEvent> stream = client.export(request)) {
      assertThat(stream.hasNext()).isFalse();
    }

    FixtureServer.Recorded sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("GET");
    assertThat(sent.path()).isEqualTo("/api/2.0/export");
    assertThat(sent.query())
        .isEqualTo(
            "project_id=7&from_date=2024-05-01&to_date=2024-05-02"
                + "&event=%5B%22Signed%20up%22%2C%22Paid%22%5D"
                + "&where=properties%5B%22plan%22%5D%20%3D%3D%20%22pro%22&time_in_ms=true");
    assertThat(basicAuth(sent)).isEqualTo("svc.reader:" + FixtureClients.SECRET);
    assertThat(sent.headers().getFirst("Accept-Encoding")).isEqualTo("gzip");
    assertThat(sent.headers().getFirst("User-Agent")).isEqualTo("mixpanel-lakeflow/0.1.0-SNAPSHOT");
  }

  @Test
  void projectSecretNeverSendsProjectId() {
    server.then(text(200, ""));
    MixpanelClientConfig.Builder config =
        serviceAccount(server).credentials(MixpanelCredentials.projectSecret("psecret"));

    try (MixpanelClient client = client(config, sleeper)) {
      client.export(ExportRequest.days(DAY, DAY)).close();
    }

    FixtureServer.Recorded sent = server.requests().get(0);
    assertThat(sent.query()).isEqualTo("from_date=2024-05-01&to_date=2024-05-01&time_in_ms=true");
    assertThat(basicAuth(sent)).isEqualTo("psecret:");
  }

  @Test
  void gzipBodiesAreDecodedAndCountedCompressed() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      body.append(line("e" + (i % 3), i)).append('\n');
    }
    server.then(gzipped(body.toString()));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      List<ExportedEvent> events = new ArrayList<>();
      try (ExportStream<ExportedEvent> stream = client.export(ExportRequest.days(DAY, DAY))) {
        stream.forEachRemaining(events::add);
      }

      assertThat(events).hasSize(500);
      assertThat(events.get(499).properties().get("time")).isEqualTo(1714521600499L);
      long received = client.stats().endpoints().get("/api/2.0/export").bytesReceived();
      assertThat(received).isPositive().isLessThan(body.length() / 4);
    }
  }

  @Test
  void listsCohortsWithPost() {
    server.then(
        text(
            200,
            "[{\"id\": 1000, \"name\": \"Cohort One\", \"count\": 150, \"is_visible\": 1,"
                + " \"description\": \"\", \"created\": \"2019-03-19 23:49:51\", \"project_id\":"
                + " 7}]"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      List<Map<String, Object>> cohorts = client.listCohorts();

      assertThat(cohorts).hasSize(1);
      assertThat(cohorts.get(0))
          .containsEntry("id", 1000L)
          .containsEntry("name", "Cohort One")
          .containsEntry("created", "2019-03-19 23:49:51");
    }
    FixtureServer.Recorded sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/api/query/cohorts/list");
    assertThat(sent.query()).isEqualTo("project_id=7");
  }

  @Test
  void planWithoutApiAccessSaysSo() {
    server.then(
        text(
            402,
            "{\"error\": \"Your plan does not allow API calls. Upgrade at"
                + " mixpanel.com/pricing\"}"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThatThrownBy(client::listCohorts)
          .isInstanceOf(MixpanelRequestException.class)
          .hasMessage(
              "Mixpanel /api/query/cohorts/list (project 7) failed with HTTP 402 after 1 attempt:"
                  + " Your plan does not allow API calls. Upgrade at mixpanel.com/pricing. The"
                  + " Mixpanel plan does not include this API: the Query API (engage, cohorts)"
                  + " needs a paid plan, and some older plans lack raw export; upgrade the plan,"
                  + " or leave out the tables that read this endpoint.");
    }
  }

  @Test
  void wrongRegionPointsAtTheRegionOption() {
    server.then(
        text(
            400,
            "{\"request\": \"/api/2.0/export\", \"error\": \"request failed with error:"
                + " invalid project id for cluster.\"}"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThatThrownBy(() -> client.export(ExportRequest.days(DAY, DAY)))
          .isInstanceOf(MixpanelRequestException.class)
          .hasMessageEndingWith(
              "invalid project id for cluster. The project lives in another region: set"
                  + " 'region' to the project's data residency (US, EU or IN).");
    }
  }

  @Test
  void unableToAuthenticateIsAnAuthError() {
    server.then(text(400, "{\"error\": \"Unable to authenticate request\"}"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThatThrownBy(() -> client.export(ExportRequest.days(DAY, DAY)))
          .isInstanceOf(MixpanelAuthException.class)
          .hasMessage(
              "Mixpanel /api/2.0/export (project 7, window 2024-05-01..2024-05-01) failed with"
                  + " HTTP 400 after 1 attempt: Unable to authenticate request. Mixpanel did not"
                  + " accept the credentials: check 'username' and 'secret' (or 'api_secret'); a"
                  + " service account may have expired, so create a new one under Organization"
                  + " Settings > Service Accounts if needed.");
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void dateRangePastThePlansHistoryExplainsTheLimit() {
    server.then(text(403, "{\"error\": \"Date range exceeds 90 days into the past\"}"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThatThrownBy(() -> client.queryEngage(EngageQuery.allProfiles(), 0, null))
          .isInstanceOf(MixpanelRequestException.class)
          .hasMessage(
              "Mixpanel /api/query/engage (project 7, page 0) failed with HTTP 403 after 1"
                  + " attempt: Date range exceeds 90 days into the past. The Mixpanel plan keeps"
                  + " only 90 days of history for this API: set 'start_date' to a day within the"
                  + " last 90 days or 'historical_days' to at most 90, or upgrade the plan for a"
                  + " longer history.");
    }
  }

  @Test
  void queriesEngageWithFormBodyAndParsesThePage() {
    server.then(
        text(
            200,
            "{\"page\": 1, \"page_size\": 2, \"session_id\": \"s-1\", \"status\": \"ok\","
                + " \"results\": [{\"$distinct_id\": \"u-1\", \"$properties\": {\"plan\":"
                + " \"pro\"}}, {\"$distinct_id\": \"u-2\", \"$properties\": {}}]}"));
    EngageQuery query =
        EngageQuery.cohortMembers(1000)
            .withProfilesOnly()
            .withOutputProperties(List.of("$email"))
            .withPageSize(2);

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      EngagePage page = client.queryEngage(query, 1, "s-1");

      assertThat(page.page()).isEqualTo(1);
      assertThat(page.pageSize()).isEqualTo(2);
      assertThat(page.sessionId()).isEqualTo("s-1");
      assertThat(page.total()).isNull();
      assertThat(page.results())
          .extracting(r -> r.get("$distinct_id"))
          .containsExactly("u-1", "u-2");
      assertThat(page.hasMore()).isTrue();
    }
    FixtureServer.Recorded sent = server.requests().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/api/query/engage");
    assertThat(sent.query()).isEqualTo("project_id=7");
    assertThat(sent.headers().getFirst("Content-Type"))
        .isEqualTo("application/x-www-form-urlencoded");
    assertThat(sent.body())
        .isEqualTo(
            "filter_by_cohort=%7B%22id%22%3A1000%7D&include_all_users=false"
                + "&output_properties=%5B%22%24email%22%5D&page_size=2&page=1&session_id=s-1");
  }

  @Test
  void engagePageAfterTheFirstNeedsASession() {
    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThatThrownBy(() -> client.queryEngage(EngageQuery.allProfiles(), 2, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Engage page 2 needs the session_id returned with page 0; pass it along");
    }
  }

  @Test
  void malformedCohortListIsAProtocolError() {
    server.then(text(200, "{\"not\": \"an array\"}"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThatThrownBy(client::listCohorts)
          .isInstanceOf(MixpanelProtocolException.class)
          .hasMessage(
              "Mixpanel /api/query/cohorts/list (project 7) returned malformed data: expected a"
                  + " JSON array of cohorts. Retry the request; if it persists, report the response"
                  + " to Mixpanel support.");
    }
  }

  @Test
  void closedClientRefusesCalls() {
    MixpanelClient client = client(serviceAccount(server), sleeper);
    client.close();

    assertThatThrownBy(client::listCohorts)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("MixpanelClient is closed; create a new one");
  }

  private static String basicAuth(FixtureServer.Recorded sent) {
    String header = sent.headers().getFirst("Authorization");
    assertThat(header).startsWith("Basic ");
    return new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
  }
}
