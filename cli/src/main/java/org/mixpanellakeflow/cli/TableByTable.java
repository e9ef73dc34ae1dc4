package org.mixpanellakeflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.mixpanellakeflow.pipeline.Connections;
import org.mixpanellakeflow.pipeline.PipelineResult;
import org.mixpanellakeflow.pipeline.PipelineRunner;
import org.mixpanellakeflow.pipeline.PipelineSpec;
import org.mixpanellakeflow.pipeline.TableRunSummary;
import org.mixpanellakeflow.pipeline.TableSpec;

/**
 * Runs a pipeline one table at a time, so that a request counter read before and after each
 * table tells what each table cost.
 */
record TableByTable(PipelineResult result, Map<String, Long> requests) {

  static TableByTable run(
      PipelineRunner runner, PipelineSpec pipeline, Connections connections, LongSupplier requestsSoFar) {
    List<TableRunSummary> tables = new ArrayList<>();
    Map<String, Long> requests = new LinkedHashMap<>();
    for (TableSpec table : pipeline.tables()) {
      long before = requestsSoFar.getAsLong();
      PipelineResult one =
          runner.run(new PipelineSpec(pipeline.connectionName(), List.of(table)), connections);
      tables.addAll(one.tables());
      requests.merge(table.sourceTable(), requestsSoFar.getAsLong() - before, Long::sum);
    }
    return new TableByTable(new PipelineResult(tables), requests);
  }
}
