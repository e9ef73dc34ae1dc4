package org.mixpanellakeflow.benchmarks.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
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
 *
 * <p>One difference is allowed: a nested object or list in {@code custom_properties} is the JSON
 * value Mixpanel sent on every path, but the row path keeps its bytes (escapes included, such as
 * the emulator's {@code \uD83E\uDD6F} for an emoji) while the record path writes it again; such
 * values are compared as JSON values.
 */
class TestParsePathsAgree {

  private static final List<Supplier<ExportToRows>> PATHS =
      List.of(CurrentSpooledPath::new, RowPath::new, SpooledRowPath::new);

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

  /** In the default format it is the row path; with a VARIANT, the same events, all of them. */
  @Test
  void theRowPathInEachFormatReadsEveryEvent() throws Exception {
    RowPathInFormat struct = new RowPathInFormat();
    struct.propertiesFormat = "struct";
    assertThat(rows(struct, gzip)).isEqualTo(expected);
    for (String format : List.of("struct_and_variant", "variant")) {
      RowPathInFormat path = new RowPathInFormat();
      path.propertiesFormat = format;
      List<InternalRow> rows = new ArrayList<>();
      assertThat(path.toRows(plain, RowSink.collecting(rows))).isEqualTo(2_000);
      int variant = format.equals("variant") ? 3 : 5;
      assertThat(rows).allSatisfy(row -> assertThat(row.getVariant(variant).toJson(java.time.ZoneOffset.UTC))
          .contains("\"$insert_id\":"));
    }
  }

  private static List<Object> rows(ExportToRows path, ExportBody body) throws Exception {
    if (path instanceof CurrentSpooledPath spooled) {
      spooled.createSpoolDir();
    }
    if (path instanceof SpooledRowPath spooled) {
      spooled.createSpoolDir();
    }
    List<InternalRow> rows = new ArrayList<>();
    long read = path.toRows(body, RowSink.collecting(rows));
    if (path instanceof CurrentSpooledPath spooled) {
      spooled.deleteSpoolDir();
    }
    if (path instanceof SpooledRowPath spooled) {
      spooled.deleteSpoolDir();
    }
    assertThat(read).isEqualTo(rows.size());
    Function1<Object, Object> external = CatalystTypeConverters.createToScalaConverter(RecordsAccess.eventsSchema());
    List<Object> converted = new ArrayList<>();
    for (InternalRow row : rows) {
      converted.add(external.apply(sameJsonText(row)));
    }
    return converted;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StructType PROPERTIES =
      (StructType) RecordsAccess.eventsSchema().apply("properties").dataType();

  /** The row with each nested JSON value in {@code custom_properties} written one way. */
  private static InternalRow sameJsonText(InternalRow row) throws Exception {
    InternalRow properties = row.getStruct(2, 21);
    MapData custom = properties.getMap(20);
    Object[] values = new Object[custom.numElements()];
    for (int i = 0; i < values.length; i++) {
      UTF8String value =
          custom.valueArray().isNullAt(i) ? null : custom.valueArray().getUTF8String(i);
      String text = value == null ? null : value.toString();
      values[i] = text != null && (text.startsWith("{") || text.startsWith("["))
          ? UTF8String.fromString(JSON.readTree(text).toString())
          : value;
    }
    Object[] propertyFields = new Object[21];
    for (int i = 0; i < 20; i++) {
      propertyFields[i] = properties.isNullAt(i) ? null : properties.get(i, PROPERTIES.fields()[i].dataType());
    }
    propertyFields[20] = new ArrayBasedMapData(
        custom.keyArray().copy(), new GenericArrayData(values));
    Object[] fields = new Object[5];
    for (int i = 0; i < 5; i++) {
      fields[i] = i == 2 ? new GenericInternalRow(propertyFields)
          : row.isNullAt(i) ? null : row.get(i, RecordsAccess.eventsSchema().fields()[i].dataType());
    }
    return new GenericInternalRow(fields);
  }
}
