package org.mixpanellakeflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.basic;
import static org.mixpanellakeflow.emulator.EmulatorHttpClient.object;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestRateLimits {
  private static final String AUTH = basic("limit-secret", "");
  private static final String DAY = "/api/2.0/export?from_date=2024-06-01&to_date=2024-06-01";

  private final MutableClock clock = new MutableClock(Instant.parse("2024-06-10T12:00:00Z"));
  private MixpanelEmulator emulator;
  private EmulatorHttpClient http;

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void allowsThreeExportsPerSecond() {
    start(RateLimits.mixpanel(), 10);

    List<Integer> statuses = statuses(DAY, 4);
    clock.advance(Duration.ofSeconds(1));

    assertThat(statuses).containsExactly(200, 200, 200, 429);
    assertThat(http.get(DAY, AUTH).statusCode()).isEqualTo(200);
  }

  @Test
  void allowsSixtyExportsPerRollingHourAndAnswersWithMixpanelsBody() {
    start(RateLimits.mixpanel().withExport(60, 1_000, 100).withRetryAfter(RateLimits.RetryAfter.ALWAYS), 10);
    statuses(DAY, 30);
    clock.advance(Duration.ofMinutes(30));
    assertThat(statuses(DAY, 30)).containsOnly(200);

    HttpResponse<String> refused = http.get(DAY, AUTH);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1800");
    assertThat(object(refused.body())).containsEntry("request", DAY).containsEntry("error",
        "Query rate limit exceeded for project_id: 2601. 1/100 queries running concurrently and 61/60 queries"
            + " running in the last hour and 31/1000 in the last second. For more information, please consult our"
            + " documentation at " + RateLimiter.DOCS);
    clock.advance(Duration.ofMinutes(30));
    assertThat(http.get(DAY, AUTH).statusCode()).isEqualTo(200);
  }

  @Test
  void passesAnHourInASecondWithATimeScale() {
    start(RateLimits.mixpanel().withQuery(2, 5).withTimeScale(3_600), 10);

    List<Integer> before = statusesOfQueries(3);
    clock.advance(Duration.ofMillis(1_001));

    assertThat(before).containsExactly(200, 200, 429);
    assertThat(statusesOfQueries(2)).containsExactly(200, 200);
  }

  @Test
  void alternatesRetryAfterOrNeverSendsIt() {
    start(RateLimits.mixpanel().withQuery(1, 5), 10);
    http.postForm("/api/query/cohorts/list", AUTH, "");

    List<Optional<String>> retryAfter = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      retryAfter.add(http.postForm("/api/query/cohorts/list", AUTH, "").headers().firstValue("Retry-After"));
    }

    assertThat(retryAfter).containsExactly(Optional.of("3600"), Optional.empty(), Optional.of("3600"));
    emulator.close();
    start(RateLimits.mixpanel().withQuery(1, 5).withRetryAfter(RateLimits.RetryAfter.NEVER), 10);
    http.postForm("/api/query/cohorts/list", AUTH, "");
    assertThat(http.postForm("/api/query/cohorts/list", AUTH, "").headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void exemptsLaterEngagePagesFromTheHourlyBudgetWhenAsked() {
    start(RateLimits.mixpanel().withQuery(1, 5).withEngagePagesExempt(), 10);
    HttpResponse<String> first = http.postForm("/api/query/engage", AUTH, "page_size=50");
    String session = (String) object(first.body()).get("session_id");

    List<Integer> pages = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      pages.add(http.postForm("/api/query/engage", AUTH, "page_size=50&page=" + page + "&session_id=" + session).statusCode());
    }

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(pages).containsExactly(200, 200, 200);
    assertThat(http.postForm("/api/query/engage", AUTH, "page_size=50").statusCode()).isEqualTo(429);
  }

  @Test
  void countsLaterEngagePagesByDefault() {
    start(RateLimits.mixpanel().withQuery(1, 5), 10);
    String session = (String) object(http.postForm("/api/query/engage", AUTH, "page_size=50").body()).get("session_id");

    assertThat(http.postForm("/api/query/engage", AUTH, "page_size=50&page=1&session_id=" + session).statusCode())
        .isEqualTo(429);
  }

  @Test
  void refusesRequestsBeyondTheConcurrencyLimit() throws Exception {
    // a day big enough that its body cannot fit in the socket buffers: the export stays in flight
    start(RateLimits.mixpanel().withExport(60, 3, 1), 200_000);
    HttpResponse<InputStream> held = http.send(http.request(DAY, AUTH).GET(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream unread = held.body()) {
      HttpResponse<String> refused = http.get("/api/2.0/export?from_date=2024-06-02&to_date=2024-06-02", AUTH);

      assertThat(held.statusCode()).isEqualTo(200);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat((String) object(refused.body()).get("error")).contains("2/1 queries running concurrently");
    }
  }

  @Test
  void rejectsBudgetsThatCannotWork() {
    assertThatThrownBy(() -> RateLimits.mixpanel().withQuery(0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid queryPerHour 0: use 1 or more");
    assertThatThrownBy(() -> RateLimits.mixpanel().withTimeScale(0))
        .hasMessage("Invalid timeScale 0.0: use a finite number above 0");
  }

  private void start(RateLimits limits, int eventsPerDay) {
    EmulatedProject project = EmulatedProject.builder(2601).apiSecret("limit-secret").eventsPerDay(eventsPerDay)
        .profileCount(120).eventDays(LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 2)).build();
    emulator = MixpanelEmulator.builder().clock(clock).rateLimits(limits).project(project).start();
    http = new EmulatorHttpClient(emulator);
  }

  private List<Integer> statuses(String path, int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(http.get(path, AUTH).statusCode());
    }
    return statuses;
  }

  private List<Integer> statusesOfQueries(int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(http.postForm("/api/query/cohorts/list", AUTH, "").statusCode());
    }
    return statuses;
  }
}
