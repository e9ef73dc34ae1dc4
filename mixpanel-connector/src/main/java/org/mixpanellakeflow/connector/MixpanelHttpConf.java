package org.mixpanellakeflow.connector;

import static org.mixpanellakeflow.connector.MixpanelOptions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.mixpanellakeflow.client.MixpanelClientConfig;
import org.mixpanellakeflow.client.OnMalformedLine;
import org.mixpanellakeflow.client.RequestBudget;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * How the connector talks to Mixpanel: timeouts, request budgets, trust, malformed lines and where
 * export bodies are spooled before their events are handed to Spark.
 *
 * @param exportPerHour export requests an hour, {@code null} for the client's default (Mixpanel's
 *     60 for its hosts; none for a {@code base_url}), 0 for no pacing
 * @param queryPerHour the same for the Query API (engage, cohorts)
 * @param caCertificate an extra PEM certificate to trust, or {@code null}
 * @param maxRateLimitWait longest a request waits in all for Mixpanel's 429s to clear
 * @param rateLimitTimeScale how much faster than the clock budget windows pass (1 for Mixpanel)
 */
public record MixpanelHttpConf(
    Duration connectTimeout,
    Duration readTimeout,
    Integer exportPerHour,
    Integer queryPerHour,
    OnMalformedLine onMalformedLine,
    Path caCertificate,
    Path spoolDir,
    Duration maxRateLimitWait,
    double rateLimitTimeScale) {

  static MixpanelHttpConf fromOptions(OptionReader reader) {
    String rawMalformed = reader.string(ON_MALFORMED_LINE, "fail");
    OnMalformedLine onMalformed = switch (rawMalformed.toLowerCase(Locale.ROOT)) {
      case "fail" -> OnMalformedLine.FAIL;
      case "skip" -> OnMalformedLine.SKIP;
      default -> throw OptionReader.invalid(ON_MALFORMED_LINE, rawMalformed, "fail or skip");
    };
    String rawCa = reader.string(CA_CERTIFICATE);
    Path ca = null;
    if (rawCa != null) {
      ca = Path.of(rawCa);
      if (!Files.isReadable(ca)) {
        throw new LakeflowException(
            "Invalid value for option '"
                + CA_CERTIFICATE
                + "': cannot read '"
                + rawCa
                + "' (expected the path of a PEM certificate file readable by the Spark driver"
                + " and executors)");
      }
    }
    return new MixpanelHttpConf(
        Duration.ofSeconds(reader.number(CONNECT_TIMEOUT_SECONDS, 10, 1, "a positive number of seconds")),
        Duration.ofSeconds(reader.number(READ_TIMEOUT_SECONDS, 600, 1, "a positive number of seconds")),
        perHour(reader, EXPORT_REQUESTS_PER_HOUR),
        perHour(reader, QUERY_REQUESTS_PER_HOUR),
        onMalformed,
        ca,
        Path.of(reader.string(SPOOL_DIR, System.getProperty("java.io.tmpdir"))),
        Duration.ofMinutes(
            reader.number(
                MAX_RATE_LIMIT_WAIT_MINUTES,
                MAX_RATE_LIMIT_WAIT_MINUTES_DEFAULT,
                0,
                "a whole number of minutes, 0 or more")),
        timeScale(reader));
  }

  private static double timeScale(OptionReader reader) {
    String raw = reader.string(RATE_LIMIT_TIME_SCALE);
    if (raw == null) {
      return 1;
    }
    try {
      double scale = Double.parseDouble(raw);
      if (scale > 0 && !Double.isInfinite(scale)) {
        return scale;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw OptionReader.invalid(RATE_LIMIT_TIME_SCALE, raw, "a number above 0, 1 for Mixpanel");
  }

  MixpanelClientConfig.Builder configure(MixpanelClientConfig.Builder builder) {
    builder
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .onMalformedLine(onMalformedLine)
        .maxRateLimitWait(maxRateLimitWait)
        .rateLimitTimeScale(rateLimitTimeScale);
    if (exportPerHour != null) {
      RequestBudget defaults = RequestBudget.exportDefault();
      builder.exportBudget(exportPerHour == 0
          ? RequestBudget.unlimited()
          : new RequestBudget(exportPerHour, defaults.perSecond(), defaults.concurrent()));
    }
    if (queryPerHour != null) {
      RequestBudget defaults = RequestBudget.queryDefault();
      builder.queryBudget(queryPerHour == 0
          ? RequestBudget.unlimited()
          : new RequestBudget(queryPerHour, defaults.perSecond(), defaults.concurrent()));
    }
    if (caCertificate != null) {
      builder.extraCaCertificate(caCertificate);
    }
    return builder;
  }

  private static Integer perHour(OptionReader reader, String key) {
    if (reader.string(key) == null) {
      return null;
    }
    return (int) reader.number(key, 0, 0, "a whole number of requests, 0 for no pacing");
  }
}
