package org.mixpanellakeflow.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Mixpanel: real HTTP servers on 127.0.0.1, one per data-residency region that has a
 * project, serving the raw export, Query API (engage, cohorts) and ingestion APIs of {@link
 * EmulatedProject}s with Mixpanel's auth rules, error bodies, optional rate limits and scripted
 * faults.
 *
 * <p>It is an independent implementation of Mixpanel's side (it shares no code with the client),
 * so a misreading of the API in one shows up as a failure instead of being mirrored. Thread safe;
 * requests are served by a small pool of daemon threads. Close it to free the ports.
 */
public final class MixpanelEmulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MixpanelEmulator.class);
  private static final int THREADS = 8;

  static {
    // The JDK server writes headers and body in separate segments; with Nagle's algorithm on,
    // every small response then waits for the client's delayed ACK (about 40 ms). The setting is
    // read once, when the server classes load, so it is made before any server exists.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Map<DataRegion, HttpServer> servers;
  private final ExecutorService executor;
  private final EmulatorContext context;
  private final DataRegion primary;
  private final String scheme;

  private MixpanelEmulator(Map<DataRegion, HttpServer> servers, ExecutorService executor, EmulatorContext context,
      DataRegion primary, String scheme) {
    this.servers = servers;
    this.executor = executor;
    this.context = context;
    this.primary = primary;
    this.scheme = scheme;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The root of the first project's region, e.g. {@code http://127.0.0.1:54321}, without a
   * trailing slash. Export, Query and ingestion APIs all live under it.
   */
  public URI baseUri() {
    return baseUri(primary);
  }

  /** The root standing in for {@code region}'s hosts; fails when no project lives there. */
  public URI baseUri(DataRegion region) {
    HttpServer server = servers.get(Objects.requireNonNull(region, "region is null"));
    if (server == null) {
      throw new IllegalArgumentException(
          "The emulator serves no project in region " + region + "; it serves " + servers.keySet());
    }
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The requests answered so far, in the order their statuses were sent; a snapshot. */
  public List<LoggedRequest> requestLog() {
    return context.log().snapshot();
  }

  public void clearRequestLog() {
    context.log().clear();
  }

  /**
   * The most logged requests selected by {@code which}, those answered 429 left out (refused
   * requests do not count for Mixpanel), that arrived within one rolling {@code window} of the
   * clock; a rate-limit time scale shrinks the window as it shrinks the limiter's (at 3600, an
   * hour lasts a second). E.g. {@code maxRequestsInAnyWindow(r -> r.path().startsWith("/api/2.0/export"),
   * Duration.ofHours(1))}.
   */
  public int maxRequestsInAnyWindow(Predicate<LoggedRequest> which, Duration window) {
    return context.log().maxInAnyWindow(which, window, context.limiter());
  }

  /** The scripted faults; add rules at any time. */
  public FaultScript faults() {
    return context.faults();
  }

  /**
   * Imports events into a project as {@code /import?strict=1} would, processed now by the
   * emulator's clock, all or nothing: when any event is invalid none is imported and the
   * exception lists every failure. Returns how many were imported.
   */
  public int importEvents(long projectId, List<Map<String, Object>> events) {
    Objects.requireNonNull(events, "events is null");
    EmulatedProject project = context.project(projectId);
    List<Object> normalized = ExactJson.copyOf(events);
    long now = context.clock().millis();
    EventIngestion.Outcome outcome = EventIngestion.validate(project, normalized, now, EventIngestion.Source.STRICT_IMPORT);
    if (!outcome.failures().isEmpty()) {
      throw new IllegalArgumentException("Cannot import " + events.size() + " events into project " + projectId
          + "; fix these and retry: " + outcome.failures());
    }
    EventIngestion.store(project, outcome, now);
    return outcome.accepted().size();
  }

  /**
   * Applies {@code /engage} profile updates ({@code {"$distinct_id": ..., "$set": {...}}} and the
   * other operations) to a project now, all or nothing; {@code $token} is not needed here.
   */
  public void updateProfiles(long projectId, List<Map<String, Object>> updates) {
    Objects.requireNonNull(updates, "updates is null");
    EmulatedProject project = context.project(projectId);
    List<Object> normalized = ExactJson.copyOf(updates);
    for (int i = 0; i < normalized.size(); i++) {
      String problem = ProfileUpdates.problem(normalized.get(i));
      if (problem != null) {
        throw new IllegalArgumentException("Cannot apply profile update " + i + " to project " + projectId + ": " + problem);
      }
    }
    ProfileUpdates.apply(project, normalized, context.clock().millis());
  }

  /**
   * Merges {@code fromDistinctId} into {@code toDistinctId} from now on: export serves the past
   * and future events of the first under the second, with {@code $distinct_id_before_identity}.
   */
  public void mergeIdentities(long projectId, String fromDistinctId, String toDistinctId) {
    Objects.requireNonNull(fromDistinctId, "fromDistinctId is null");
    Objects.requireNonNull(toDistinctId, "toDistinctId is null");
    context.project(projectId).data().identities().merge(fromDistinctId, toDistinctId, context.clock().millis());
  }

  /**
   * Deletes a user as a GDPR deletion does, effective now: their events (under any merged id)
   * and profile disappear from every later read, cohort membership included.
   */
  public void deleteUser(long projectId, String distinctId) {
    Objects.requireNonNull(distinctId, "distinctId is null");
    UserDeletion.delete(context.project(projectId), distinctId, context.clock().millis());
  }

  /** Stops accepting requests, drops open connections and frees the ports. */
  @Override
  public void close() {
    for (HttpServer server : servers.values()) {
      server.stop(0);
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Mixpanel emulator at {} still has request threads running after close", baseUri());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Mixpanel emulator at {} stopped", baseUri());
  }

  @Override
  public String toString() {
    return "MixpanelEmulator[" + baseUri() + "]";
  }

  /** Configures and starts an emulator. Not thread safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int port;
    private final List<EmulatedProject> projects = new ArrayList<>();
    private RateLimits rateLimits;
    private int engagePageSizeCap = 10_000;
    private EmulatorTls tls;

    private Builder() {}

    /** The emulator's "now": which events exist yet, what "today" is, the rate windows; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock is null");
      return this;
    }

    /** The port on 127.0.0.1 of the first project's region; default 0, a free port chosen at start. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("Invalid port " + port + ": use 0 (any free port) to 65535");
      }
      this.port = port;
      return this;
    }

    /** Adds a project; call once per project. */
    public Builder project(EmulatedProject project) {
      Objects.requireNonNull(project, "project is null");
      for (EmulatedProject existing : projects) {
        if (existing.projectId() == project.projectId()) {
          throw new IllegalArgumentException(
              "Duplicate project id " + project.projectId() + ": give each emulated project its own id");
        }
        if (existing.sharesSecretWith(project)) {
          throw new IllegalArgumentException(
              "Projects " + existing.projectId() + " and " + project.projectId()
                  + " have the same API secret, so it could not identify a project; give each its own");
        }
        if (existing.token().equals(project.token())) {
          throw new IllegalArgumentException(
              "Projects " + existing.projectId() + " and " + project.projectId()
                  + " have the same token, so ingestion could not tell them apart; give each its own");
        }
      }
      projects.add(project);
      return this;
    }

    /** Enforces per-project budgets; by default requests are not limited. */
    public Builder rateLimits(RateLimits rateLimits) {
      this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits is null");
      return this;
    }

    /**
     * The largest engage {@code page_size} honoured; a larger request gets this many (the
     * response's {@code page_size} says so). Default 10000; 1000 ignores any larger request.
     */
    public Builder engagePageSizeCap(int cap) {
      if (cap < 1) {
        throw new IllegalArgumentException("Invalid engagePageSizeCap " + cap + ": use 1 or more");
      }
      this.engagePageSizeCap = cap;
      return this;
    }

    /** Serves HTTPS with this certificate instead of HTTP (see {@link EmulatorTls#generate}). */
    public Builder https(EmulatorTls tls) {
      this.tls = Objects.requireNonNull(tls, "tls is null");
      return this;
    }

    /** Binds and starts the servers; the returned emulator is already serving. */
    public MixpanelEmulator start() {
      if (projects.isEmpty()) {
        throw new IllegalStateException(
            "Cannot start a Mixpanel emulator without projects; add one with project(EmulatedProject)");
      }
      EmulatorContext context = new EmulatorContext(clock, projects, new RequestLog(), new FaultScript(),
          rateLimits == null ? null : new RateLimiter(rateLimits, clock), new EngageSessions(clock), engagePageSizeCap);
      DataRegion primary = projects.get(0).region();
      ExecutorService executor = Executors.newFixedThreadPool(THREADS, new DaemonThreads());
      Map<DataRegion, HttpServer> servers = new EnumMap<>(DataRegion.class);
      try {
        for (EmulatedProject project : projects) {
          DataRegion region = project.region();
          if (!servers.containsKey(region)) {
            servers.put(region, bind(region == primary ? port : 0, context, region, executor));
          }
        }
      } catch (UncheckedIOException e) {
        servers.values().forEach(server -> server.stop(0));
        executor.shutdownNow();
        throw e;
      }
      servers.values().forEach(HttpServer::start);
      MixpanelEmulator emulator = new MixpanelEmulator(servers, executor, context, primary, tls == null ? "http" : "https");
      LOG.info("Mixpanel emulator serving {} project(s) at {}", projects.size(), emulator.baseUri());
      return emulator;
    }

    private HttpServer bind(int requestedPort, EmulatorContext context, DataRegion region, ExecutorService executor) {
      HttpServer server;
      try {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), requestedPort);
        server = tls == null ? HttpServer.create(address, 0) : tls.createServer(address);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot bind the Mixpanel emulator to 127.0.0.1:" + requestedPort + "; pick another port or use 0", e);
      }
      server.createContext("/", new EmulatorRouter(context, region));
      server.setExecutor(executor);
      return server;
    }
  }
}
