package org.mixpanellakeflow.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.Lakehouse;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a pipeline spec against a real Mixpanel project into local (or any Hadoop-FS) Delta tables. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Run a pipeline spec: read each table from its connection and write Delta tables under",
      "the warehouse folder, continuing from the checkpoints of the previous run. A table whose",
      "spec names destination_catalog and destination_schema lands in the folder",
      "<catalog>.<schema>.<table>: this local Spark session keeps no catalog between runs."
    })
final class IngestCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--spec", required = true, description = "Pipeline spec JSON file.")
  Path specFile;

  @Option(names = "--connections", required = true,
      description = "Connections JSON file; values may read environment variables as ${env:NAME}.")
  Path connectionsFile;

  @Option(names = "--warehouse", defaultValue = "lakehouse",
      description = "Folder of Delta tables and their checkpoints (default: ${DEFAULT-VALUE}).")
  String warehouse;

  @Option(names = "--verbose", description = "Show progress logs and stack traces.")
  boolean verbose;

  @Override
  public Integer call() {
    Logging.configure(verbose);
    requireFile(specFile, "--spec");
    requireFile(connectionsFile, "--connections");
    PipelineSpec pipeline = PipelineSpec.parse(specFile);
    Connections connections = Connections.parse(connectionsFile, System.getenv());
    Preflight.checkOptions(connections.connection(pipeline.connectionName()));
    String warehouseDir = warehouse.contains("://")
        ? warehouse
        : Path.of(warehouse).toAbsolutePath().normalize().toString();
    SparkSession spark = Lakehouse.localSession(warehouseDir);
    try {
      // the local session's catalog is in memory and would forget catalog tables at exit
      PipelineRunner runner = new PipelineRunner(spark, warehouseDir).withCatalogTablesAsFolders();
      PipelineResult result = runner.run(pipeline, connections);
      Summary.print(spec.commandLine().getOut(), result);
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static void requireFile(Path file, String flag) {
    if (!Files.isRegularFile(file)) {
      throw new CliException("Cannot read " + flag + " file '" + file + "': no such file");
    }
  }
}
