package org.mixpanellakeflow.benchmarks.macro;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The macro benchmark's table on the console and its JSON document for docs/benchmarks.md. */
final class MacroReport {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final double MB = 1024.0 * 1024.0;

  private MacroReport() {}

  static void print(PrintStream out, List<StageResult> stages) {
    out.println();
    out.printf(Locale.ROOT, "%-17s %3s %11s %8s %10s %6s %11s %9s %5s %8s %8s %8s %6s%n",
        "stage", "run", "events", "seconds", "events/s", "cores", "ev/CPU-s", "wire MB", "reqs",
        "heap MB", "live MB", "RSS MB", "GC s");
    for (StageResult s : stages) {
      MemoryWatch.Usage u = s.usage();
      String live = u.collections() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", u.heapLiveMaxBytes() / MB);
      out.printf(Locale.ROOT, "%-17s %3d %,11d %8.2f %,10.0f %6.2f %,11.0f %9.1f %5d %8.0f %8s %8.0f%s %6.2f%n",
          s.stage(), s.run(), s.events(), s.seconds(), s.eventsPerSecond(), s.coresBusy(),
          s.eventsPerCpuSecond(), s.bytesOnWire() / MB, s.requests(), u.heapPeakBytes() / MB,
          live, u.rssPeakBytes() / MB, u.rssSinceStageStart() ? " " : "*", u.gcSeconds());
      if (s.note() != null && !s.note().isEmpty()) {
        out.println("    note: " + s.note());
      }
    }
    boolean processWideRss = stages.stream().anyMatch(s -> !s.usage().rssSinceStageStart());
    out.println("events/s: events over wall time; cores: process CPU time over wall time (stand-in"
        + " included); heap: most heap in use (before a GC); live: most heap left after a GC (- if none ran).");
    if (processWideRss) {
      out.println("* RSS peak since the process started: the kernel did not allow resetting it per stage.");
    }
    ratios(stages).forEach((name, value) -> out.printf(Locale.ROOT, "%s: %.3f%n", name, value));
  }

  /** Best-run ratios between stages, the ones the targets are stated in. */
  static Map<String, Double> ratios(List<StageResult> stages) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    Optional<Double> decoded = best(stages, MacroBenchmark.DOWNLOAD_DECODED);
    Optional<Double> read = best(stages, MacroBenchmark.BATCH_READ);
    Optional<Double> ingest = best(stages, MacroBenchmark.INGEST);
    if (read.isPresent() && decoded.isPresent()) {
      ratios.put("batch read / download+gunzip (best runs)", read.get() / decoded.get());
    }
    if (ingest.isPresent() && read.isPresent()) {
      ratios.put("ingest / batch read (best runs; the issue's target is 0.5 or more)", ingest.get() / read.get());
    }
    return ratios;
  }

  private static Optional<Double> best(List<StageResult> stages, String stage) {
    return stages.stream().filter(s -> s.stage().equals(stage)).map(StageResult::eventsPerSecond)
        .max(Double::compare);
  }

  static void writeJson(Path file, Map<String, Object> document) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), document);
  }

  static Map<String, Object> toJson(StageResult s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("stage", s.stage());
    json.put("run", s.run());
    json.put("events", s.events());
    json.put("eventsSource", s.eventsSource());
    json.put("seconds", s.seconds());
    json.put("eventsPerSecond", s.eventsPerSecond());
    json.put("coresBusy", s.coresBusy());
    json.put("eventsPerCpuSecond", s.eventsPerCpuSecond());
    json.put("exportRequests", s.requests());
    json.put("bytesOnWire", s.bytesOnWire());
    json.put("abandonedResponses", s.abandonedResponses());
    MemoryWatch.Usage u = s.usage();
    json.put("heapPeakBytes", u.heapPeakBytes());
    json.put("heapLiveMaxBytes", u.heapLiveMaxBytes());
    json.put("collections", u.collections());
    json.put("gcSeconds", u.gcSeconds());
    json.put("cpuSeconds", u.cpuSeconds());
    json.put("rssPeakBytes", u.rssPeakBytes());
    json.put("rssPeakScope", u.rssSinceStageStart() ? "stage" : "process");
    json.put("note", s.note());
    return json;
  }
}
