package org.mixpanellakeflow.connector;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.mixpanellakeflow.connect.RowIterator;

/**
 * Reads one export window through the row path and prints how many rows it gave: run in a JVM of
 * its own with a small heap by {@link TestBoundedMemory}.
 *
 * <p>Arguments: base URL, project secret, the window's day, the instant the connector's clock reads.
 */
final class WindowReadMain {

  private WindowReadMain() {}

  public static void main(String[] args) {
    String day = args[2];
    MixpanelConnectorConf conf = MixpanelConnectorConf.fromOptions(Map.of(
        "base_url", args[0], "api_secret", args[1], "project_timezone", "UTC", "start_date", day));
    MixpanelConnector connector =
        new MixpanelConnector(conf, Clock.fixed(Instant.parse(args[3]), ZoneOffset.UTC));
    long rows = 0;
    try (RowIterator iterator = connector.readPartitionRows(
        "events", Map.of("table", "events", "from", day, "to", day), Map.of())) {
      while (iterator.next()) {
        rows++;
      }
    }
    System.out.println("rows=" + rows);
  }
}
