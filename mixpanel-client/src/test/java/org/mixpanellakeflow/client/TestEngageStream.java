package org.mixpanellakeflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.client.FixtureClients.LOWEST_JITTER;
import static org.mixpanellakeflow.client.FixtureClients.client;
import static org.mixpanellakeflow.client.FixtureClients.serviceAccount;
import static org.mixpanellakeflow.client.FixtureServer.text;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestEngageStream {

  private static final EngageQuery QUERY =
      EngageQuery.allProfiles().withWhere("properties[\"plan\"] == \"pro\"").withPageSize(2);
  private static final String EXPIRED = "{\"error\": \"session_id is invalid or has expired\"}";

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
  void pagesWithTheSessionUntilAShortPage() {
    server
        .then(page(0, "s-1", 5L, "u1", "u2"))
        .then(page(1, "s-1", null, "u3", "u4"))
        .then(page(2, "s-1", null, "u5"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        EngageStream stream = client.queryEngageAll(QUERY)) {
      assertThat(stream.total()).hasValue(5);
      assertThat(ids(stream)).containsExactly("u1", "u2", "u3", "u4", "u5");
      assertThat(stream.pagesRead()).isEqualTo(3);
      assertThat(stream.sessionRestarts()).isZero();
    }
    assertThat(server.requests())
        .extracting(FixtureServer.Recorded::body)
        .containsExactly(
            "where=properties%5B%22plan%22%5D%20%3D%3D%20%22pro%22&page_size=2&page=0",
            "where=properties%5B%22plan%22%5D%20%3D%3D%20%22pro%22&page_size=2&page=1"
                + "&session_id=s-1",
            "where=properties%5B%22plan%22%5D%20%3D%3D%20%22pro%22&page_size=2&page=2"
                + "&session_id=s-1");
  }

  @Test
  void stopsWhenPageZerosTotalIsReached() {
    server.then(page(0, "s-1", 2L, "u1", "u2"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        EngageStream stream = client.queryEngageAll(QUERY)) {
      assertThat(ids(stream)).containsExactly("u1", "u2");
    }
    assertThat(server.requests()).as("no request for an empty page").hasSize(1);
  }

  @Test
  void stopsAtAnEmptyPageWhenNoTotalIsGiven() {
    server.then(page(0, "s-1", null, "u1", "u2")).then(page(1, "s-1", null));

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        EngageStream stream = client.queryEngageAll(QUERY)) {
      assertThat(ids(stream)).containsExactly("u1", "u2");
    }
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void expiredSessionStartsAgainFromPageZeroOnceAndSaysSo() {
    server
        .then(page(0, "s-1", 3L, "u1", "u2"))
        .then(text(400, EXPIRED))
        .then(page(0, "s-2", 3L, "u1", "u2"))
        .then(page(1, "s-2", null, "u3"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        EngageStream stream = client.queryEngageAll(QUERY)) {
      List<Object> before =
          List.of(stream.next().get("$distinct_id"), stream.next().get("$distinct_id"));
      assertThat(stream.sessionRestarts()).isZero();

      assertThat(stream.hasNext()).isTrue();
      assertThat(stream.sessionRestarts()).isEqualTo(1);
      assertThat(before).containsExactly("u1", "u2");
      assertThat(ids(stream)).containsExactly("u1", "u2", "u3");
    }
    assertThat(server.requests().get(2).body()).doesNotContain("session_id");
  }

  @Test
  void secondExpiredSessionFails() {
    server
        .then(page(0, "s-1", 3L, "u1", "u2"))
        .then(text(400, EXPIRED))
        .then(page(0, "s-2", 3L, "u1", "u2"))
        .then(text(400, EXPIRED));

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        EngageStream stream = client.queryEngageAll(QUERY)) {
      assertThatThrownBy(() -> ids(stream))
          .isInstanceOf(MixpanelRequestException.class)
          .hasMessage(
              "Mixpanel /api/query/engage (project 7, page 1) failed with HTTP 400 after 1"
                  + " attempt: session_id is invalid or has expired. The engage session is no"
                  + " longer valid (sessions are short-lived): read again from page 0 without a"
                  + " session_id; queryEngageAll does this once by itself.");
      assertThat(stream.sessionRestarts()).isEqualTo(1);
    }
  }

  @Test
  void otherErrorsDoNotRestart() {
    server
        .then(page(0, "s-1", 3L, "u1", "u2"))
        .then(text(400, "{\"error\": \"bad where clause\"}"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper);
        EngageStream stream = client.queryEngageAll(QUERY)) {
      assertThatThrownBy(() -> ids(stream))
          .isInstanceOf(MixpanelRequestException.class)
          .hasMessageEndingWith(
              "failed with HTTP 400 after 1 attempt: bad where clause. Mixpanel rejected the"
                  + " request; correct the parameter the server message names.");
      assertThat(stream.sessionRestarts()).isZero();
    }
  }

  @Test
  void fullPageWithoutSessionFails() {
    server.then(page(0, null, 4L, "u1", "u2"));

    try (MixpanelClient client = client(serviceAccount(server), sleeper)) {
      assertThatThrownBy(() -> client.queryEngageAll(QUERY))
          .isInstanceOf(MixpanelProtocolException.class)
          .hasMessage(
              "Mixpanel /api/query/engage page 0 was full (2 profiles) but carried no session_id,"
                  + " so the next page cannot be asked for; narrow the query with 'where' so that"
                  + " it fits one page, or report this to Mixpanel support.");
    }
  }

  @Test
  void pagesAfterTheFirstSkipTheHourlyQueryBudget() {
    ManualClock clock = new ManualClock(Instant.parse("2024-05-02T08:00:00Z"));
    server
        .then(page(0, "s-1", 5L, "u1", "u2"))
        .then(page(1, "s-1", null, "u3", "u4"))
        .then(page(2, "s-1", null, "u5"));
    MixpanelClientConfig config =
        serviceAccount(server).queryBudget(new RequestBudget(1, 0, 5)).build();

    try (MixpanelClient client =
            MixpanelClient.create(config, clock, clock.sleeper(), LOWEST_JITTER);
        EngageStream stream = client.queryEngageAll(QUERY)) {
      assertThat(ids(stream)).hasSize(5);
      assertThat(clock.sleeps()).isEmpty();
    }
  }

  @Test
  void countedPagesWaitForTheHourlyQueryBudget() {
    ManualClock clock = new ManualClock(Instant.parse("2024-05-02T08:00:00Z"));
    server.then(page(0, "s-1", 3L, "u1", "u2")).then(page(1, "s-1", null, "u3"));
    MixpanelClientConfig config =
        serviceAccount(server)
            .queryBudget(new RequestBudget(1, 0, 5))
            .countEngagePagesHourly()
            .build();

    try (MixpanelClient client =
            MixpanelClient.create(config, clock, clock.sleeper(), LOWEST_JITTER);
        EngageStream stream = client.queryEngageAll(QUERY)) {
      assertThat(ids(stream)).hasSize(3);
      assertThat(clock.sleeps()).containsExactly(Duration.ofHours(1).plus(RateLimiter.HOUR_SLACK));
    }
  }

  private static FixtureServer.Response page(
      int page, String sessionId, Long total, String... ids) {
    StringBuilder results = new StringBuilder();
    for (String id : ids) {
      results
          .append(results.length() == 0 ? "" : ", ")
          .append("{\"$distinct_id\": \"")
          .append(id)
          .append("\", \"$properties\": {\"plan\": \"pro\"}}");
    }
    return text(
        200,
        "{\"page\": "
            + page
            + ", \"page_size\": 2"
            + (sessionId == null ? "" : ", \"session_id\": \"" + sessionId + "\"")
            + (total == null ? "" : ", \"total\": " + total)
            + ", \"status\": \"ok\", \"results\": ["
            + results
            + "]}");
  }

  private static List<Object> ids(EngageStream stream) {
    List<Object> ids = new ArrayList<>();
    stream.forEachRemaining(profile -> ids.add(profile.get("$distinct_id")));
    return ids;
  }
}
