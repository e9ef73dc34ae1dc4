package org.mixpanellakeflow.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code mixpanel-lakeflow} command. */
@Command(
    name = "mixpanel-lakeflow",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Ingest Mixpanel data into Delta Lake tables, incrementally and exactly once.",
    subcommands = {DemoCommand.class, IngestCommand.class, EmulatorCommand.class})
public final class MixpanelLakeflowCli {

  private MixpanelLakeflowCli() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code; errors are printed once, without secrets. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new MixpanelLakeflowCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean verbose = parseResult.hasMatchedOption("--verbose")
              || (parseResult.subcommand() != null
                  && parseResult.subcommand().hasMatchedOption("--verbose"));
          err.println("error: " + CliErrors.describe(e));
          if (verbose) {
            e.printStackTrace(err);
          } else {
            err.println("(run again with --verbose for the stack trace)");
          }
          err.flush();
          return CliErrors.exitCode(e);
        });
    return cli.execute(args);
  }
}
