package org.mixpanellakeflow.benchmarks.macro;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.benchmarks.MachineInfo;
import org.mixpanellakeflow.pipeline.Lakehouse;
import org.mixpanellakeflow.pipeline.PipelineResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark: a first sync of {@code --days} x {@code --events-per-day} events from
 * a stand-in export server ({@link ExportStandIn}), measured in stages within one JVM: (a) the raw
 * download, also gunzipped; (b) a batch read through {@code format("mixpanel")} into the noop sink;
 * (c) an ingest into Delta through {@code PipelineRunner}. Prints a table and writes JSON.
 */
@Command(
    name = "bench macro",
    mixinStandardHelpOptions = true,
    description =
        "First sync of generated events from a loopback stand-in for Mixpanel's export API, in"
            + " stages: raw download, batch read into Spark's noop sink, ingest into Delta; events/s,"
            + " CPU, peak heap and peak RSS per stage. Run it on an idle machine for figures.")
public final class MacroBenchmark implements Callable<Integer> {

  /** The command's output: its report, progress lines and where the JSON went. */
  private final PrintStream out;

  public MacroBenchmark() {
    this(System.out);
  }

  MacroBenchmark(PrintStream out) {
    this.out = out;
  }

  static final String DOWNLOAD_RAW = "download";
  static final String DOWNLOAD_DECODED = "download+gunzip";
  static final String BATCH_READ = "batch read noop";
  static final String INGEST = "ingest delta";

  @Option(names = "--days", defaultValue = "11", description = "Days of events before today (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--events-per-day", defaultValue = "100000", description = "Events each day (default: ${DEFAULT-VALUE}).")
  int eventsPerDay;

  @Option(names = "--stages", split = ",", defaultValue = "download,read,ingest",
      description = "Stages to run, of download, read, ingest (default: ${DEFAULT-VALUE}).")
  List<String> stages;

  @Option(names = "--runs", defaultValue = "1", description = "Runs of each stage (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--encoding", defaultValue = "gzip",
      description = "What the stand-in sends to a client accepting gzip: gzip or plain (default: ${DEFAULT-VALUE}).")
  String encoding;

  @Option(names = "--gzip-level", defaultValue = "6", description = "Deflate level of the bodies (default: ${DEFAULT-VALUE}).")
  int gzipLevel;

  @Option(names = "--export-window-days", defaultValue = "7",
      description = "Connector option export_window_days, also the download stage's windows (default: ${DEFAULT-VALUE}).")
  int exportWindowDays;

  @Option(names = "--download-threads", defaultValue = "2",
      description = "Windows downloaded at once in stage (a); Spark runs local[2] (default: ${DEFAULT-VALUE}).")
  int downloadThreads;

  @Option(names = "--option", description = "Extra connector option key=value, e.g. max_records_per_batch=200000; repeatable.")
  Map<String, String> extraOptions = new LinkedHashMap<>();

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated events (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--work-dir", description = "Bodies (kept as a cache), spool and warehouse (default: <tmp>/mixpanel-lakeflow-bench).")
  Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "mixpanel-lakeflow-bench");

  @Option(names = "--json", description = "Where to write the JSON result (default: <bench.results>/macro-<time>.json).")
  Path json;

  @Option(names = "--keep-warehouse", description = "Keep the Delta tables of the ingest stage.")
  boolean keepWarehouse;

  @Option(names = "--verbose", description = "Show the connector's and pipeline's progress logs.")
  boolean verbose;

  private String[] arguments = new String[0];

  public static void main(String[] args) {
    MacroBenchmark command = new MacroBenchmark();
    command.arguments = args.clone();
    System.exit(new CommandLine(command).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (days < 1 || eventsPerDay < 1 || runs < 1 || exportWindowDays < 1 || downloadThreads < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--days, --events-per-day, --runs, --export-window-days and --download-threads must be 1 or more");
    }
    if (verbose) {
      Configurator.setLevel("org.mixpanellakeflow", Level.INFO);
    }
    Map<String, Object> machine = MachineInfo.describe();
    out.println("Machine: " + machine);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate first = today.minusDays(days);
    LocalDate last = today.minusDays(1);
    long prepareStart = System.nanoTime();
    List<DayBody> bodies = DayBodies.render(workDir.resolve("bodies"), seed, eventsPerDay, first, last, gzipLevel);
    double prepareSeconds = (System.nanoTime() - prepareStart) / 1e9;
    long textBytes = bodies.stream().mapToLong(DayBody::textBytes).sum();
    long deflatedBytes = bodies.stream().mapToLong(DayBody::deflatedBytes).sum();
    long expected = (long) days * eventsPerDay;
    out.printf("Bodies: %s..%s, %,d events, %,d bytes of JSON lines, %,d deflated (level %d); ready in %.1f s%n",
        first, last, expected, textBytes, deflatedBytes, gzipLevel, prepareSeconds);

    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    List<StageResult> results = new ArrayList<>();
    Map<String, Object> settings = settings(first, last, textBytes, deflatedBytes, prepareSeconds);
    MemoryWatch memory = new MemoryWatch();
    try (ExportStandIn standIn = new ExportStandIn(bodies, secret, encoding.equalsIgnoreCase("gzip"))) {
      Map<String, String> options = connectorOptions(standIn, secret);
      RawDownload download = new RawDownload(standIn.baseUri(), secret);
      List<LocalDate[]> windows = RawDownload.windows(first, today, exportWindowDays);
      SparkSession spark = null;
      SparkStages sparkStages = null;
      try {
        for (int run = 1; run <= runs; run++) {
          if (stages.contains("download")) {
            final int r = run;
            results.add(measure(DOWNLOAD_RAW, r, standIn, memory, expected, () -> {
              download.download(windows, downloadThreads, false);
              return new Delivered(standIn.counters().eventsSent(), "stand-in: events in bodies sent in full", true);
            }));
            results.add(measure(DOWNLOAD_DECODED, r, standIn, memory, expected, () ->
                new Delivered(download.download(windows, downloadThreads, true), "lines counted", false)));
          }
          if (stages.contains("read") || stages.contains("ingest")) {
            if (spark == null) {
              long sparkStart = System.nanoTime();
              spark = Lakehouse.localSession(workDir.resolve("spark").toAbsolutePath().toString());
              settings.put("sparkStartSeconds", (System.nanoTime() - sparkStart) / 1e9);
              sparkStages = new SparkStages(spark, options);
            }
            SparkStages onSpark = sparkStages;
            if (stages.contains("read")) {
              results.add(measure(BATCH_READ, run, standIn, memory, expected, () -> {
                long rows = onSpark.batchRead("events");
                return rows >= 0
                    ? new Delivered(rows, "scan numOutputRows", false)
                    : new Delivered(standIn.counters().eventsSent(), "stand-in: events in bodies sent in full", true);
              }));
            }
            if (stages.contains("ingest")) {
              Path warehouse = workDir.resolve("warehouse").resolve("run-" + run).toAbsolutePath();
              deleteTree(warehouse);
              results.add(measure(INGEST, run, standIn, memory, expected, () -> {
                PipelineResult result = onSpark.ingest(warehouse.toString(), "events");
                return new Delivered(result.rowsRead(), "pipeline rows read (" + result.tables().get(0).batches()
                    + " micro-batches, " + result.tables().get(0).rowsInTable() + " rows in table)", false);
              }));
              if (!keepWarehouse) {
                deleteTree(warehouse);
              }
            }
          }
        }
      } finally {
        if (spark != null) {
          spark.stop();
        }
      }
      MacroReport.print(out, results);
      Path jsonFile = json != null ? json : defaultJson("macro");
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("command", "bin/bench macro " + String.join(" ", arguments));
      document.put("machine", machine);
      document.put("settings", settings);
      document.put("stages", results.stream().map(MacroReport::toJson).toList());
      document.put("ratios", MacroReport.ratios(results));
      document.put("loadAverageAtEnd", MachineInfo.loadAverage());
      document.put("requests", standIn.requestLog());
      MacroReport.writeJson(jsonFile, document);
      out.println("JSON: " + jsonFile.toAbsolutePath());
    }
    return 0;
  }

  /** What a stage delivered; {@code fromServerDelta}: the count is the stand-in's running total. */
  private record Delivered(long events, String source, boolean fromServerDelta) {}

  @FunctionalInterface
  private interface Stage {
    Delivered run() throws Exception;
  }

  private StageResult measure(String name, int run, ExportStandIn standIn, MemoryWatch memory,
      long expected, Stage stage) throws Exception {
    ExportStandIn.Counters before = standIn.counters();
    memory.start();
    long start = System.nanoTime();
    Delivered delivered = stage.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    MemoryWatch.Usage usage = memory.stop();
    ExportStandIn.Counters during = standIn.counters().minus(before);
    long events = delivered.fromServerDelta() ? during.eventsSent() : delivered.events();
    String note = events == expected ? "" : "expected " + expected + " events, got " + events;
    out.printf("  %s run %d: %,d events in %.2f s%n", name, run, events, seconds);
    return new StageResult(name, run, events, delivered.source(), seconds, during.requests(),
        during.bytesSent(), during.abandoned(), usage, note);
  }

  private Map<String, String> connectorOptions(ExportStandIn standIn, String secret) throws IOException {
    Path spool = workDir.resolve("spool").toAbsolutePath();
    Files.createDirectories(spool);
    Map<String, String> options = new LinkedHashMap<>();
    options.put("api_secret", secret);
    options.put("project_timezone", "UTC");
    options.put("historical_days", Integer.toString(days));
    options.put("export_window_days", Integer.toString(exportWindowDays));
    options.put("base_url", standIn.baseUri().toString());
    options.put("spool_dir", spool.toString());
    options.putAll(extraOptions);
    return options;
  }

  private Map<String, Object> settings(LocalDate first, LocalDate last, long textBytes, long deflatedBytes,
      double prepareSeconds) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("days", days);
    settings.put("eventsPerDay", eventsPerDay);
    settings.put("firstDay", first.toString());
    settings.put("lastDay", last.toString());
    settings.put("encoding", encoding);
    settings.put("gzipLevel", gzipLevel);
    settings.put("exportWindowDays", exportWindowDays);
    settings.put("downloadThreads", downloadThreads);
    settings.put("extraConnectorOptions", extraOptions);
    settings.put("seed", seed);
    settings.put("bodyTextBytes", textBytes);
    settings.put("bodyDeflatedBytes", deflatedBytes);
    settings.put("prepareSeconds", prepareSeconds);
    settings.put("jvmArguments", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
        .stream().filter(a -> !a.startsWith("--add-opens")).toList());
    return settings;
  }

  static Path defaultJson(String prefix) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of(System.getProperty("bench.results", "target/bench-results"), prefix + "-" + stamp + ".json");
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }
}
