package org.mixpanellakeflow.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The executor JVMs of one application: in local-cluster mode the workers run inside this JVM, so
 * every executor is a child process of it, recognised by its main class and its {@code --app-id}.
 * Only those processes are ever ended here.
 */
final class ExecutorProcesses {

  private static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final int LOG_TAIL_LINES = 30;

  private final String appId;
  private final Path appWork;

  ExecutorProcesses(String appId, Path work) {
    this.appId = appId;
    this.appWork = work.resolve(appId);
  }

  /** The live executor processes of the application, in pid order. */
  List<ProcessHandle> alive() {
    return ProcessHandle.current()
        .children()
        .filter(this::isExecutor)
        .sorted()
        .toList();
  }

  private boolean isExecutor(ProcessHandle process) {
    List<String> arguments = arguments(process);
    return arguments.contains(EXECUTOR_MAIN) && arguments.contains(appId);
  }

  /**
   * A process's arguments. On Linux {@code ProcessHandle.Info} reads only the first 4 KB of the
   * command line and gives no arguments for longer ones, and an executor's class path alone is
   * longer, so {@code /proc/<pid>/cmdline} is read whole where it exists.
   */
  private static List<String> arguments(ProcessHandle process) {
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    if (Files.isReadable(cmdline)) {
      try {
        return List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
      } catch (IOException e) {
        // the process exited meanwhile, or /proc is not what it seems: fall through
      }
    }
    return process.info().arguments().map(Arrays::asList).orElse(List.of());
  }

  /**
   * Waits up to {@code grace} for the executors to exit (the workers ask them to when the context
   * stops), then ends the ones left forcibly and waits for them too.
   *
   * @return the processes that had to be ended forcibly
   */
  List<ProcessHandle> awaitExit(Duration grace) {
    List<ProcessHandle> left = alive();
    List<ProcessHandle> forced = new ArrayList<>();
    for (ProcessHandle process : left) {
      if (!exited(process, grace)) {
        forced.add(process);
        process.destroyForcibly();
        exited(process, grace);
      }
    }
    return forced;
  }

  private static boolean exited(ProcessHandle process, Duration timeout) {
    CompletableFuture<ProcessHandle> exit = process.onExit();
    try {
      exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** The last lines of each executor's stderr, for a message that says why the cluster failed. */
  String logTails() {
    if (!Files.isDirectory(appWork)) {
      return "(no executor was launched: " + appWork + " does not exist)";
    }
    StringBuilder text = new StringBuilder();
    try (Stream<Path> executors = Files.list(appWork)) {
      for (Path executor : executors.sorted().toList()) {
        Path stderr = executor.resolve("stderr");
        text.append("--- executor ").append(executor.getFileName()).append(" stderr (").append(stderr).append(")\n");
        if (Files.isRegularFile(stderr)) {
          List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
          lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
              .forEach(line -> text.append(line).append('\n'));
        }
      }
    } catch (IOException e) {
      text.append("(cannot read the executor logs under ").append(appWork).append(": ").append(e).append(")\n");
    }
    return text.toString();
  }
}
