package org.mixpanellakeflow.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;

/** Clients aimed at a {@link FixtureServer}, with deterministic time and jitter. */
final class FixtureClients {

  static final String SECRET = "sekrit-0123456789";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-02T08:00:00Z"), ZoneOffset.UTC);

  /** The lowest jitter, so backoff waits are exactly 1 s, 3 s, 6 s... */
  static final RandomGenerator LOWEST_JITTER = () -> 0L;

  private FixtureClients() {}

  static MixpanelClientConfig.Builder serviceAccount(FixtureServer server) {
    return serviceAccount(server.baseUri());
  }

  static MixpanelClientConfig.Builder serviceAccount(SocketFixture server) {
    return serviceAccount(server.baseUri());
  }

  static MixpanelClientConfig.Builder serviceAccount(URI baseUri) {
    return MixpanelClientConfig.builder()
        .baseUriOverride(baseUri)
        .credentials(MixpanelCredentials.serviceAccount("svc.reader", SECRET))
        .projectId(7L)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(30));
  }

  static MixpanelClient client(MixpanelClientConfig.Builder config, Sleeper sleeper) {
    return MixpanelClient.create(config.build(), CLOCK, sleeper, LOWEST_JITTER);
  }
}
