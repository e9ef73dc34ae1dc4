package org.mixpanellakeflow.connector;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import org.mixpanellakeflow.client.MixpanelClient;

/**
 * What a table needs to plan and read: the options, a client built on first use, and a "now"
 * frozen the first time it is asked for, so one {@code Trigger.AvailableNow} run converges. Not
 * thread safe; one per connector instance.
 */
final class ReadContext implements AutoCloseable {

  private final MixpanelConnectorConf conf;
  private final Clock clock;
  private Instant frozenNow;
  private MixpanelClient client;

  ReadContext(MixpanelConnectorConf conf, Clock clock) {
    this.conf = Objects.requireNonNull(conf, "conf is null");
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  MixpanelConnectorConf conf() {
    return conf;
  }

  /** The instant reads are planned against, frozen on first use. */
  Instant now() {
    if (frozenNow == null) {
      frozenNow = clock.instant();
    }
    return frozenNow;
  }

  /** The wall clock, for stamping rows as they are read. */
  long readTimeMillis() {
    return clock.millis();
  }

  /**
   * The last day Mixpanel accepts as {@code to_date} for this project. Mixpanel judges "today"
   * in UTC for projects created from 2023 and in the project timezone before; the earlier of the
   * two is safe for both, whatever the machine's clock zone.
   */
  LocalDate today() {
    Instant now = now();
    LocalDate inProjectZone = LocalDate.ofInstant(now, conf.projectTimezone());
    LocalDate inUtc = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return inProjectZone.isBefore(inUtc) ? inProjectZone : inUtc;
  }

  MixpanelClient client() {
    if (client == null) {
      client = MixpanelClient.create(conf.clientConfig());
    }
    return client;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
