package org.mixpanellakeflow.benchmarks.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mixpanellakeflow.connector.RecordsAccess;
import scala.Function1;

/**
 * Every row path turns the same body into the same rows as {@link CurrentTreePath}, in the same
 * order (compared as external rows, so map order and row classes do not matter); a path that is
 * fast but wrong fails here before its figures mean anything. Add a new path to {@link #PATHS}.
 */
class TestParsePathsAgree {

  private static final List<Supplier<ExportToRows>> PATHS = List.of(CurrentSpooledPath::new);

  static ExportBody gzip;
  static ExportBody plain;
  static List<Object> expected;

  @BeforeAll
  static void render() throws Exception {
    gzip = ExportBody.render(2_000, "gzip", 6, 42);
    plain = ExportBody.render(2_000, "plain", 6, 42);
    expected = rows(new CurrentTreePath(), gzip);
  }

  @Test
  void theLimitCountsEveryLine() throws Exception {
    assertThat(TokenizeOnly.tokenize(gzip.decoded())).isEqualTo(2_000);
    assertThat(TokenizeOnly.tokenize(plain.decoded())).isEqualTo(2_000);
  }

  @Test
  void everyPathGivesTheCurrentPathsRows() throws Exception {
    assertThat(expected).hasSize(2_000);
    assertThat(rows(new CurrentTreePath(), plain)).isEqualTo(expected);
    for (Supplier<ExportToRows> path : PATHS) {
      assertThat(rows(path.get(), gzip)).as(path.get().getClass().getSimpleName() + ", gzip").isEqualTo(expected);
      assertThat(rows(path.get(), plain)).as(path.get().getClass().getSimpleName() + ", plain").isEqualTo(expected);
    }
  }

  private static List<Object> rows(ExportToRows path, ExportBody body) throws Exception {
    if (path instanceof CurrentSpooledPath spooled) {
      spooled.createSpoolDir();
    }
    List<InternalRow> rows = new ArrayList<>();
    long read = path.toRows(body, RowSink.collecting(rows));
    if (path instanceof CurrentSpooledPath spooled) {
      spooled.deleteSpoolDir();
    }
    assertThat(read).isEqualTo(rows.size());
    Function1<Object, Object> external = CatalystTypeConverters.createToScalaConverter(RecordsAccess.eventsSchema());
    List<Object> converted = new ArrayList<>();
    for (InternalRow row : rows) {
      converted.add(external.apply(row));
    }
    return converted;
  }
}
