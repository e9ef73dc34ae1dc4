package org.mixpanellakeflow.benchmarks.macro;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.benchmarks.MachineInfo;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.LoggedRequest;
import org.mixpanellakeflow.emulator.MixpanelEmulator;
import org.mixpanellakeflow.pipeline.Lakehouse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A first sync of {@code engage} from the emulator serving {@code --profiles} profiles, in
 * stages: (a) the raw pages, fetched and thrown away (the limit: the emulator rendering them and
 * the loopback carrying them); (b) a batch read through {@code format("mixpanel")} into the noop
 * sink; (c) an ingest into Delta. Each stage reports its time, its engage requests, the profiles
 * per second and the time per page, with CPU, heap and RSS.
 */
@Command(
    name = "bench engage",
    mixinStandardHelpOptions = true,
    description =
        "First sync of engage from the emulator: raw pages, batch read into Spark's noop sink,"
            + " ingest into Delta; profiles/s, requests and time per page per stage. Run it on an"
            + " idle machine for figures.")
public final class EngageBenchmark implements Callable<Integer> {

  /** The command's output: its report, progress lines and where the JSON went. */
  private final PrintStream out;

  public EngageBenchmark() {
    this(System.out);
  }

  EngageBenchmark(PrintStream out) {
    this.out = out;
  }

  static final String RAW = "engage pages raw";
  static final String READ = "engage read noop";
  static final String INGEST = "engage ingest delta";
  private static final Pattern SESSION = Pattern.compile("\"session_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final long PROJECT = 4242;
  private static final String SECRET = "engage-bench-secret";
  /** Mixpanel's default engage page size, which the emulator and the connector use. */
  private static final int EMULATOR_PAGE_SIZE = 1000;

  @Option(names = "--profiles", defaultValue = "1000000", description = "Profiles in the project (default: ${DEFAULT-VALUE}).")
  int profiles;

  @Option(names = "--stages", split = ",", defaultValue = "raw,read,ingest",
      description = "Stages to run, of raw, read, ingest (default: ${DEFAULT-VALUE}).")
  List<String> stages;

  @Option(names = "--work-dir", description = "Spark's and the warehouse's directory (default: <tmp>/mixpanel-lakeflow-bench-engage).")
  Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "mixpanel-lakeflow-bench-engage");

  @Option(names = "--json", description = "Where to write the JSON result (default: <bench.results>/engage-<time>.json).")
  Path json;

  private String[] arguments = new String[0];

  public static void main(String[] args) {
    EngageBenchmark command = new EngageBenchmark();
    command.arguments = args.clone();
    System.exit(new CommandLine(command).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (profiles < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--profiles must be 1 or more");
    }
    Map<String, Object> machine = MachineInfo.describe();
    out.println("Machine: " + machine);
    long prepareStart = System.nanoTime();
    EmulatedProject project = EmulatedProject.builder(PROJECT).apiSecret(SECRET)
        .timezone(ZoneId.of("UTC")).createdOn(LocalDate.of(2024, 1, 1)).eventsPerDay(0)
        .cohortCount(0).profileCount(profiles).build();
    double prepareSeconds = (System.nanoTime() - prepareStart) / 1e9;
    out.printf("Project: %,d profiles, generated in %.1f s%n", profiles, prepareSeconds);

    List<StageResult> results = new ArrayList<>();
    MemoryWatch memory = new MemoryWatch();
    SparkSession spark = null;
    try (MixpanelEmulator emulator =
        MixpanelEmulator.builder().clock(Clock.systemUTC()).project(project).start()) {
      if (stages.contains("raw")) {
        results.add(measure(RAW, emulator, memory, () -> rawPages(emulator.baseUri())));
      }
      Map<String, String> options = new LinkedHashMap<>();
      options.put("api_secret", SECRET);
      options.put("project_id", Long.toString(PROJECT));
      options.put("project_timezone", "UTC");
      options.put("base_url", emulator.baseUri().toString());
      if (stages.contains("read") || stages.contains("ingest")) {
        spark = Lakehouse.localSession(workDir.resolve("spark").toAbsolutePath().toString());
      }
      SparkStages onSpark = spark == null ? null : new SparkStages(spark, options);
      if (stages.contains("read")) {
        // the scan's numOutputRows, or -1 (then the stage's note says so) if the plan lacks it
        results.add(measure(READ, emulator, memory, () -> onSpark.batchRead("engage")));
      }
      if (stages.contains("ingest")) {
        Path warehouse = workDir.resolve("warehouse").toAbsolutePath();
        MacroBenchmark.deleteTree(warehouse);
        results.add(measure(INGEST, emulator, memory, () ->
            onSpark.ingest(warehouse.toString(), "engage").tables().get(0).rowsInTable()));
        MacroBenchmark.deleteTree(warehouse);
      }
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
    out.printf("%n%-22s %10s %8s %6s %12s %10s %6s %8s %8s%n", "stage", "profiles", "seconds", "pages",
        "profiles/s", "ms/page", "cores", "heap MB", "RSS MB");
    for (StageResult r : results) {
      out.printf("%-22s %,10d %8.2f %6d %,12.0f %10.1f %6.2f %8d %8d%n", r.stage(), r.events(), r.seconds(),
          r.requests(), r.eventsPerSecond(), r.requests() > 0 ? 1000 * r.seconds() / r.requests() : 0,
          r.coresBusy(), r.usage().heapPeakBytes() >> 20, r.usage().rssPeakBytes() >> 20);
    }
    out.println("pages: engage requests the emulator answered in the stage; heap: most heap in use;"
        + " the emulator renders every page in the same JVM, so its CPU is in every figure.");
    Path jsonFile = json != null ? json : MacroBenchmark.defaultJson("engage");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("command", "bin/bench engage " + String.join(" ", arguments));
    document.put("machine", machine);
    document.put("profiles", profiles);
    document.put("prepareSeconds", prepareSeconds);
    document.put("stages", results.stream().map(MacroReport::toJson).toList());
    document.put("loadAverageAtEnd", MachineInfo.loadAverage());
    MacroReport.writeJson(jsonFile, document);
    out.println("JSON: " + jsonFile.toAbsolutePath());
    return 0;
  }

  @FunctionalInterface
  private interface Stage {
    long run() throws Exception;
  }

  private StageResult measure(String name, MixpanelEmulator emulator, MemoryWatch memory, Stage stage)
      throws Exception {
    int logged = emulator.requestLog().size();
    memory.start();
    long start = System.nanoTime();
    long delivered = stage.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    MemoryWatch.Usage usage = memory.stop();
    List<LoggedRequest> requests = emulator.requestLog();
    long pages = requests.subList(logged, requests.size()).stream()
        .filter(r -> r.path().contains("/engage")).count();
    String note = delivered == profiles ? "" : "expected " + profiles + " profiles, got " + delivered;
    out.printf("  %s: %,d profiles in %.2f s, %d pages%n", name, delivered, seconds, pages);
    return new StageResult(name, 1, delivered, "profiles", seconds, pages, 0, 0, usage, note);
  }

  /** Pages through engage with the JDK's client; the profiles the pages held, bodies discarded. */
  private long rawPages(URI base) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String auth = "Basic " + Base64.getEncoder().encodeToString((SECRET + ":").getBytes(StandardCharsets.UTF_8));
    String session = null;
    long total = -1;
    long bytes = 0;
    long delivered = 0;
    for (int page = 0; ; page++) {
      String query = "project_id=" + PROJECT + "&page=" + page + (session == null ? "" : "&session_id=" + session);
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(base.resolve("/api/2.0/engage?" + query)).header("Authorization", auth).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("engage page " + page + ": HTTP " + response.statusCode());
      }
      String body = response.body();
      bytes += body.length();
      if (page == 0) {
        Matcher m = SESSION.matcher(body);
        if (!m.find()) {
          throw new IllegalStateException("engage page 0 has no session_id");
        }
        session = m.group(1);
        Matcher t = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(body);
        total = t.find() ? Long.parseLong(t.group(1)) : -1;
      }
      int onPage = occurrences(body, "\"$distinct_id\"");
      delivered += onPage;
      if (onPage == 0) {
        break; // a page past the end
      }
      if ((long) (page + 1) * EMULATOR_PAGE_SIZE >= total) {
        break;
      }
    }
    out.printf("  raw: %,d characters of JSON; page 0 reported %,d profiles%n", bytes, total);
    return delivered;
  }

  private static int occurrences(String text, String word) {
    int count = 0;
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
      count++;
    }
    return count;
  }

}
