package org.mixpanellakeflow.benchmarks.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mixpanellakeflow.benchmarks.MachineInfo;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the parse benchmarks with JMH and prints, per benchmark and parameters, records per second
 * and the ratio to the limit of the same run: {@link TokenizeOnly} with the same parameters (but
 * {@code rows}) for benchmarks counting {@code events}, {@link EngageTokenizeOnly} for those
 * counting {@code profiles}.
 *
 * <pre>
 * ParseReport [JMH options and benchmark regexps]   run JMH (all parse benchmarks by default), then report
 * ParseReport --report jmh-result.json              report on an earlier JMH JSON result
 * </pre>
 *
 * JMH's JSON result goes to {@code -rff} if given, else to the directory of the system property
 * {@code bench.results} (default {@code target/bench-results}); the table is also written beside it
 * as {@code <name>-report.json}.
 */
public final class ParseReport {

  private static final String DEFAULT_INCLUDE = "org\\.mixpanellakeflow\\.benchmarks\\.parse\\..*";
  private static final Map<String, String> LIMITS =
      Map.of("events", "TokenizeOnly", "profiles", "EngageTokenizeOnly");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ParseReport() {}

  public static void main(String[] args) throws IOException, RunnerException {
    Path result;
    if (args.length == 2 && args[0].equals("--report")) {
      result = Path.of(args[1]);
    } else {
      result = runJmh(args);
    }
    List<Row> rows = rows(JSON.readTree(result.toFile()));
    print(System.out, rows, result);
    Path report = result.resolveSibling(result.getFileName().toString().replaceFirst("\\.json$", "") + "-report.json");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("machine", MachineInfo.describe());
    document.put("jmhResult", result.toAbsolutePath().toString());
    document.put("results", rows);
    JSON.writeValue(report.toFile(), document);
    System.out.println("Report JSON: " + report.toAbsolutePath());
  }

  private static Path runJmh(String[] args) throws IOException, RunnerException {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      throw new IllegalArgumentException("Invalid JMH options: " + e.getMessage(), e);
    }
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
    if (cli.getIncludes().isEmpty()) {
      options.include(DEFAULT_INCLUDE);
    }
    Path result;
    if (cli.getResult().hasValue()) {
      result = Path.of(cli.getResult().get());
    } else {
      Path dir = Path.of(System.getProperty("bench.results", "target/bench-results"));
      Files.createDirectories(dir);
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      result = dir.resolve("parse-" + stamp + ".json");
      options.result(result.toString());
    }
    options.resultFormat(ResultFormatType.JSON);
    System.out.println("# Machine: " + MachineInfo.describe());
    new Runner(options.build()).run();
    return result;
  }

  /** One benchmark result with its ratio to its limit. */
  record Row(
      String benchmark,
      Map<String, String> params,
      String counter,
      double perSecond,
      double error,
      String limit,
      Double ratioToLimit) {}

  static List<Row> rows(JsonNode results) {
    List<Row> raw = new ArrayList<>();
    for (JsonNode result : results) {
      String name = simpleName(result.path("benchmark").asText());
      Map<String, String> params = new TreeMap<>();
      result.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      JsonNode secondary = result.path("secondaryMetrics");
      String counter = null;
      for (Iterator<String> it = secondary.fieldNames(); it.hasNext(); ) {
        String metric = it.next();
        if (LIMITS.containsKey(metric)) {
          counter = metric;
        }
      }
      if (counter == null) {
        continue; // not one of the parse benchmarks
      }
      JsonNode score = secondary.path(counter);
      raw.add(new Row(name, params, counter, score.path("score").asDouble(),
          score.path("scoreError").asDouble(), LIMITS.get(counter), null));
    }
    List<Row> rows = new ArrayList<>();
    for (Row row : raw) {
      Row limit = null;
      for (Row candidate : raw) {
        if (candidate.benchmark().equals(row.limit())
            && sameExceptRows(candidate.params(), row.params())) {
          limit = candidate;
        }
      }
      Double ratio = limit == null || limit.perSecond() == 0 ? null : row.perSecond() / limit.perSecond();
      rows.add(new Row(row.benchmark(), row.params(), row.counter(), row.perSecond(), row.error(),
          row.limit(), ratio));
    }
    return rows;
  }

  /** The limit's parameters but {@code rows} are the other's; the other's own ones do not count. */
  private static boolean sameExceptRows(Map<String, String> limit, Map<String, String> other) {
    for (Map.Entry<String, String> param : limit.entrySet()) {
      if (!param.getKey().equals("rows") && !param.getValue().equals(other.get(param.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static void print(PrintStream out, List<Row> rows, Path result) {
    Set<String> varying = new TreeSet<>();
    Map<String, String> constant = new TreeMap<>();
    for (Row row : rows) {
      for (Map.Entry<String, String> param : row.params().entrySet()) {
        boolean sameEverywhere = rows.stream()
            .allMatch(r -> !r.params().containsKey(param.getKey())
                || r.params().get(param.getKey()).equals(param.getValue()));
        if (sameEverywhere) {
          constant.put(param.getKey(), param.getValue());
        } else {
          varying.add(param.getKey());
        }
      }
    }
    out.println();
    out.println("Parse paths, from " + result.toAbsolutePath());
    out.println("The same wherever they apply: " + constant + ". One thread; ratio = records/s over"
        + " the limit's records/s with the same parameters (rows and the path's own aside).");
    out.printf(Locale.ROOT, "%-22s %-32s %-9s %14s %12s  %s%n",
        "benchmark", "parameters", "counts", "records/s", "± error", "ratio to limit");
    for (Row row : rows) {
      StringBuilder params = new StringBuilder();
      for (String key : varying) {
        if (row.params().containsKey(key)) {
          params.append(params.length() == 0 ? "" : " ").append(key).append('=').append(row.params().get(key));
        }
      }
      String ratio = row.ratioToLimit() == null
          ? "(no " + row.limit() + " with these parameters)"
          : row.benchmark().equals(row.limit())
              ? "1.000 (the limit)"
              : String.format(Locale.ROOT, "%.3f of %s", row.ratioToLimit(), row.limit());
      String error = Double.isNaN(row.error()) ? "n/a" : String.format(Locale.ROOT, "%,.0f", row.error());
      out.printf(Locale.ROOT, "%-22s %-32s %-9s %,14.0f %12s  %s%n",
          row.benchmark(), params, row.counter(), row.perSecond(), error, ratio);
    }
  }

  /** {@code org...parse.CurrentTreePath.parse} becomes {@code CurrentTreePath}. */
  private static String simpleName(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
  }
}
