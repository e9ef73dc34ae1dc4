package org.mixpanellakeflow.cli;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Mixpanel's official Node SDK (npm {@code mixpanel}, pinned to {@link #VERSION}), installed into
 * a folder of its own with npm and driven, unchanged, by {@code official-sdk/run-plan.js}. Node and
 * npm must be on the PATH; without them the test fails saying how to install them.
 */
final class OfficialNodeSdk {
  /** The SDK version under test; its events carry it as {@code $lib_version}. */
  static final String VERSION = "0.24.0";
  private static final long INSTALL_TIMEOUT_SECONDS = 120;
  private static final long RUN_TIMEOUT_SECONDS = 120;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  private OfficialNodeSdk(Path dir) {
    this.dir = dir;
  }

  /** Checks for node and npm, installs the pinned SDK into {@code dir} and puts the plan runner beside it. */
  static OfficialNodeSdk install(Path dir) {
    requireTool("node");
    requireTool("npm");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Outcome npm = run(dir, "npm-install", INSTALL_TIMEOUT_SECONDS, Map.of(),
        "npm", "install", "--no-audit", "--no-fund", "--prefer-offline", "--prefix", dir.toString(),
        "mixpanel@" + VERSION);
    if (npm.exitCode() != 0) {
      fail("npm could not install mixpanel@" + VERSION + " (exit " + npm.exitCode() + "): "
          + npmError(npm.err()) + ". The npm registry must be reachable (see `npm config get registry`)"
          + " or the package already in npm's cache");
    }
    try (InputStream script = OfficialNodeSdk.class.getResourceAsStream("/official-sdk/run-plan.js")) {
      Files.copy(script, dir.resolve("run-plan.js"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new OfficialNodeSdk(dir);
  }

  /**
   * Runs a plan (see run-plan.js) and returns one {@code {client, call, errors}} per step. The SDK
   * trusts {@code caCertificate} (the emulator's) through NODE_EXTRA_CA_CERTS, and runs without
   * proxy variables: the SDK would send loopback requests through a proxy.
   */
  List<Map<String, Object>> run(String planJson, Path caCertificate) {
    try {
      Path plan = Files.writeString(dir.resolve("plan.json"), planJson);
      Path results = dir.resolve("results.json");
      Outcome node = run(dir, "node", RUN_TIMEOUT_SECONDS,
          Map.of("NODE_EXTRA_CA_CERTS", caCertificate.toString()),
          "node", dir.resolve("run-plan.js").toString(), plan.toString(), results.toString());
      if (node.exitCode() != 0 || !Files.exists(results)) {
        fail("The SDK plan failed (exit " + node.exitCode() + "): " + node.err());
      }
      return JSON.readValue(results.toFile(), new TypeReference<List<Map<String, Object>>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requireTool(String tool) {
    try {
      Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
        return;
      }
    } catch (IOException e) {
      // not on the PATH: reported below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    fail("TestOfficialSdk runs Mixpanel's official Node SDK and needs '" + tool + "' on the PATH;"
        + " install Node.js 18 or later with npm (Debian: apt-get install -y nodejs npm) and rerun");
  }

  private record Outcome(int exitCode, String err) {}

  private static Outcome run(Path dir, String name, long timeoutSeconds, Map<String, String> env, String... command) {
    try {
      Path out = dir.resolve(name + ".out");
      Path err = dir.resolve(name + ".err");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      if (name.equals("node")) {
        List<String> proxies = new ArrayList<>();
        for (String key : builder.environment().keySet()) {
          if (key.equalsIgnoreCase("https_proxy") || key.equalsIgnoreCase("http_proxy")) {
            proxies.add(key);
          }
        }
        proxies.forEach(builder.environment()::remove);
      }
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("'" + String.join(" ", command) + "' did not finish in " + timeoutSeconds + " s;"
            + (name.equals("npm-install") ? " is the npm registry reachable?" : " see " + err));
      }
      return new Outcome(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command[0], e);
    }
  }

  /** npm's error code and first message line, e.g. {@code ECONNREFUSED: FetchError: request to ... failed}. */
  private static String npmError(String err) {
    String code = null;
    String reason = null;
    for (String line : err.split("\n")) {
      if (!line.startsWith("npm error ")) {
        continue;
      }
      String rest = line.substring("npm error ".length());
      if (rest.startsWith("code ")) {
        code = code == null ? rest.substring(5).strip() : code;
      } else if (reason == null && !rest.isBlank() && !Character.isWhitespace(rest.charAt(0))
          && !rest.startsWith("syscall ") && !rest.startsWith("errno ")) {
        reason = rest.strip();
      }
    }
    if (reason == null) {
      String[] lines = err.strip().split("\n");
      reason = lines[lines.length - 1].isBlank() ? "npm printed nothing" : lines[lines.length - 1].strip();
    }
    return code == null ? reason : code + ": " + reason;
  }
}
