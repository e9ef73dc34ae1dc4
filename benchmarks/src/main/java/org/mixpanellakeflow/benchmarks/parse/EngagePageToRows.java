package org.mixpanellakeflow.benchmarks.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.mixpanellakeflow.client.EngagePage;
import org.mixpanellakeflow.client.ExportParsingAccess;
import org.mixpanellakeflow.connect.spark.RecordConverterAccess;
import org.mixpanellakeflow.connector.RecordsAccess;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The production path for an engage page: {@code QueryResponses} parses the document into
 * profile maps, {@code ProfileRecords.toRecord} makes each an {@code engage} record and {@code
 * RecordConverter} a row. A new engage path is a sibling class of this one.
 */
public class EngagePageToRows extends EngageBenchmark {

  /** As in {@link ExportToRows#rows}. */
  @Param({"internal", "unsafe"})
  public String rows;

  private final RecordConverterAccess converter =
      new RecordConverterAccess("engage", RecordsAccess.engageSchema());
  private UnsafeProjection toUnsafe;

  @Setup(Level.Trial)
  public void prepareRows() {
    toUnsafe = RowSink.projectionFor(rows, RecordsAccess.engageSchema());
  }

  @Override
  protected long read(ByteArrayInputStream page, Blackhole blackhole) throws IOException {
    RowSink sink = RowSink.of(blackhole, toUnsafe);
    EngagePage parsed = ExportParsingAccess.engagePage(page);
    for (Map<String, Object> profile : parsed.results()) {
      sink.accept(converter.convert(RecordsAccess.profileRecord(profile, ExportToRows.GENERATED_AT)));
    }
    return parsed.results().size();
  }
}
