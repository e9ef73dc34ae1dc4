package org.mixpanellakeflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixpanellakeflow.emulator.EmulatedProject;
import org.mixpanellakeflow.emulator.MixpanelEmulator;

/** What a user sees when something is wrong: one line with the cause and the fix, no secret. */
class TestCliErrors {

  static final String SPEC = "{\"connection_name\": \"prod\", \"objects\": [{\"table\": {\"source_table\": \"events\"}}]}";
  static final String REAL_SECRET = "the-real-sa-secret";
  static final String WRONG_SECRET = "a-wrong-sa-secret-9f8e";

  static MixpanelEmulator emulator;

  @BeforeAll
  static void start() {
    LocalDate today = LocalDate.now(ZoneId.of("UTC"));
    emulator = MixpanelEmulator.builder().clock(Clock.systemUTC())
        .project(EmulatedProject.builder(99).serviceAccount("cli.sa", REAL_SECRET)
            .eventDays(today.minusDays(2), today.minusDays(1)).eventsPerDay(5).build())
        .start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  record Outcome(int exitCode, String out, String err) {}

  static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MixpanelLakeflowCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(code, out.toString(), err.toString());
  }

  static Path files(Path dir, Map<String, String> options) throws IOException {
    Files.writeString(dir.resolve("spec.json"), SPEC);
    Files.writeString(dir.resolve("connections.json"), DemoCommand.connectionsJson("prod", options));
    return dir;
  }

  static Map<String, String> options(String secret) {
    Map<String, String> options = new HashMap<>();
    options.put("username", "cli.sa");
    options.put("secret", secret);
    options.put("project_id", "99");
    options.put("base_url", emulator.baseUri().toString());
    return options;
  }

  static String[] ingest(Path dir) {
    return new String[] {"ingest", "--spec", dir.resolve("spec.json").toString(),
        "--connections", dir.resolve("connections.json").toString(),
        "--warehouse", dir.resolve("lakehouse").toString()};
  }

  @Test
  void badOptionFailsBeforeSparkStartsWithTheKeyAndTheFix(@TempDir Path dir) throws IOException {
    Map<String, String> options = options(REAL_SECRET);
    options.put("region", "APAC");
    Outcome outcome = run(ingest(files(dir, options)));
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).isEqualTo(
        "error: Invalid value for option 'region': 'APAC' (expected one of US, EU, IN)\n"
            + "(run again with --verbose for the stack trace)\n");
    assertThat(Files.exists(dir.resolve("lakehouse"))).as("nothing written").isFalse();
  }

  @Test
  void missingEnvironmentVariableIsNamed(@TempDir Path dir) throws IOException {
    Outcome outcome = run(ingest(files(dir, options("${env:SURELY_UNSET_MIXPANEL_SECRET_VAR}"))));
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).startsWith("error: ").contains("SURELY_UNSET_MIXPANEL_SECRET_VAR")
        .contains("'secret'");
  }

  @Test
  void missingSpecFileIsNamed(@TempDir Path dir) {
    Outcome outcome = run("ingest", "--spec", dir.resolve("nope.json").toString(),
        "--connections", dir.resolve("c.json").toString());
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).startsWith(
        "error: Cannot read --spec file '" + dir.resolve("nope.json") + "': no such file\n");
  }

  @Test
  void wrongCredentialsPrintOneLineWithCauseAndFixAndNoSecret(@TempDir Path dir) throws Exception {
    files(dir, options(WRONG_SECRET));
    // the CLI's own logging configuration, not the tests'
    List<String> command = new ArrayList<>(TestEndToEnd.javaCommand(
        "-Dlog4j2.configurationFile=" + Path.of("target/classes/log4j2.properties").toAbsolutePath()));
    command.addAll(List.of(ingest(dir)));
    Process child = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] stdout = child.getInputStream().readAllBytes();
    byte[] stderr = child.getErrorStream().readAllBytes();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = new String(stderr, StandardCharsets.UTF_8);
    String all = err + new String(stdout, StandardCharsets.UTF_8);

    assertThat(child.exitValue()).as(all).isEqualTo(2);
    List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(all).hasSize(2);
    assertThat(lines.get(0)).startsWith("error: ").contains("401").containsIgnoringCase("secret")
        .contains("Organization Settings > Service Accounts");
    assertThat(lines.get(1)).isEqualTo("(run again with --verbose for the stack trace)");
    assertThat(all).doesNotContain(WRONG_SECRET).doesNotContain(REAL_SECRET).doesNotContain("\tat ");
  }
}
