package org.mixpanellakeflow.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Objects;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/**
 * Bodies exactly as the emulator serves them, fetched once over loopback from a running emulator:
 * export lines with {@code time_in_ms=true} and no compression (callers compress as they need), and
 * engage pages. Fetching through HTTP rather than calling the generator keeps every byte the
 * emulator's own (number texts, key order, escapes) without reaching into its package. Not thread
 * safe; close it to stop the emulator.
 */
public final class EmulatorBodies implements AutoCloseable {

  public static final long PROJECT_ID = 4_200_777L;
  private static final String SECRET = "benchmark-secret";

  private final MixpanelEmulator emulator;
  private final HttpClient http = HttpClient.newHttpClient();

  private EmulatorBodies(MixpanelEmulator emulator) {
    this.emulator = emulator;
  }

  /**
   * An emulator serving {@code eventsPerDay} events on each day {@code first..last} (UTC days, a
   * project created in 2024) and {@code profiles} profiles, as of {@code clock}.
   */
  public static EmulatorBodies start(
      long seed, int eventsPerDay, LocalDate first, LocalDate last, int profiles, Clock clock) {
    EmulatedProject project =
        EmulatedProject.builder(PROJECT_ID)
            .apiSecret(SECRET)
            .timezone(ZoneId.of("UTC"))
            .createdOn(LocalDate.of(2024, 1, 1))
            .seed(seed)
            .eventsPerDay(eventsPerDay)
            .eventDays(first, last)
            .profileCount(profiles)
            .cohortCount(0)
            .build();
    return new EmulatorBodies(MixpanelEmulator.builder().clock(clock).project(project).start());
  }

  /** A fixed clock, a day after {@code day}, so the same seed gives byte-identical bodies. */
  public static Clock dayAfter(LocalDate day) {
    return Clock.fixed(day.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  }

  /** Writes the uncompressed export body of one day to {@code out}; returns its bytes. */
  public long exportDay(LocalDate day, OutputStream out) {
    Objects.requireNonNull(day, "day is null");
    URI uri =
        URI.create(
            emulator.baseUri()
                + "/api/2.0/export?from_date="
                + day
                + "&to_date="
                + day
                + "&time_in_ms=true");
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", authorization()).GET().build();
    try (InputStream body = send(request)) {
      return body.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the emulator's export of " + day, e);
    }
  }

  /** Page 0 of engage with {@code pageSize} profiles, the JSON document as served. */
  public byte[] engagePage(int pageSize) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/api/query/engage"))
            .header("Authorization", authorization())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("page=0&page_size=" + pageSize))
            .build();
    try (InputStream body = send(request)) {
      return body.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the emulator's engage page", e);
    }
  }

  private InputStream send(HttpRequest request) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the emulator", e);
    }
    if (response.statusCode() != 200) {
      String text;
      try (InputStream body = response.body()) {
        text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
      throw new IOException(
          "the emulator answered " + response.statusCode() + " to " + request.uri() + ": " + text);
    }
    return response.body();
  }

  private static String authorization() {
    return "Basic "
        + Base64.getEncoder().encodeToString((SECRET + ":").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    emulator.close();
  }
}
