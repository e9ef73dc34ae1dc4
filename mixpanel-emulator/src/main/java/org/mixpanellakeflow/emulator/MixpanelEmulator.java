package org.mixpanellakeflow.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Mixpanel: a real HTTP server on 127.0.0.1 serving the raw export and cohorts-list APIs
 * for one or more {@link EmulatedProject}s, with Mixpanel's auth rules and error bodies.
 *
 * <p>It is an independent implementation of Mixpanel's side (it shares no code with the client),
 * so a misreading of the API in one shows up as a failure instead of being mirrored. Thread safe;
 * requests are served by a small pool of daemon threads. Close it to free the port.
 */
public final class MixpanelEmulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MixpanelEmulator.class);
  private static final int THREADS = 8;

  private final HttpServer server;
  private final ExecutorService executor;
  private final RequestLog requestLog;
  private final URI baseUri;

  private MixpanelEmulator(HttpServer server, ExecutorService executor, RequestLog requestLog) {
    this.server = server;
    this.executor = executor;
    this.requestLog = requestLog;
    this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The server root, e.g. {@code http://127.0.0.1:54321}, without a trailing slash. */
  public URI baseUri() {
    return baseUri;
  }

  /** The requests answered so far, oldest first; a snapshot. */
  public List<LoggedRequest> requestLog() {
    return requestLog.snapshot();
  }

  public void clearRequestLog() {
    requestLog.clear();
  }

  /** Stops accepting requests, drops open connections and frees the port. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Mixpanel emulator at {} still has request threads running after close", baseUri);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Mixpanel emulator at {} stopped", baseUri);
  }

  @Override
  public String toString() {
    return "MixpanelEmulator[" + baseUri + "]";
  }

  /** Configures and starts an emulator. Not thread safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private int port;
    private final List<EmulatedProject> projects = new ArrayList<>();

    private Builder() {}

    /** The emulator's "now": which events exist yet and what "today" is; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock is null");
      return this;
    }

    /** The port on 127.0.0.1; default 0, a free port chosen at start. */
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
      }
      projects.add(project);
      return this;
    }

    /** Binds and starts the server; the returned emulator is already serving. */
    public MixpanelEmulator start() {
      if (projects.isEmpty()) {
        throw new IllegalStateException(
            "Cannot start a Mixpanel emulator without projects; add one with project(EmulatedProject)");
      }
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot bind the Mixpanel emulator to 127.0.0.1:" + port + "; pick another port or use 0", e);
      }
      RequestLog requestLog = new RequestLog();
      ExecutorService executor = Executors.newFixedThreadPool(THREADS, new DaemonThreads());
      server.createContext("/", new EmulatorRouter(clock, projects, requestLog));
      server.setExecutor(executor);
      server.start();
      MixpanelEmulator emulator = new MixpanelEmulator(server, executor, requestLog);
      LOG.info("Mixpanel emulator serving {} project(s) at {}", projects.size(), emulator.baseUri());
      return emulator;
    }
  }

  /** Daemon threads, so a forgotten emulator never keeps a JVM alive. */
  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "mixpanel-emulator-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
