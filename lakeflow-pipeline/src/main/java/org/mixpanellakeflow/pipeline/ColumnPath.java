package org.mixpanellakeflow.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A column named the way connectors name keys and cursors: {@code $insert_id}, or a dotted path
 * into structs like {@code $properties.$last_seen}. Every segment is back-quoted in SQL because
 * Mixpanel names start with {@code $}.
 *
 * @param segments the field names from the top-level column down
 */
record ColumnPath(List<String> segments) {

  ColumnPath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("segments is empty");
    }
  }

  /**
   * Resolves {@code name} against {@code schema}, matching case-insensitively like Spark does. A
   * top-level column whose own name contains dots wins over a nested path.
   */
  static Optional<ColumnPath> resolve(StructType schema, String name) {
    Optional<StructField> whole = field(schema, name);
    if (whole.isPresent()) {
      return Optional.of(new ColumnPath(List.of(whole.get().name())));
    }
    List<String> resolved = new ArrayList<>();
    DataType type = schema;
    for (String part : Arrays.asList(name.split("\\.", -1))) {
      if (!(type instanceof StructType struct)) {
        return Optional.empty();
      }
      Optional<StructField> field = field(struct, part);
      if (field.isEmpty()) {
        return Optional.empty();
      }
      resolved.add(field.get().name());
      type = field.get().dataType();
    }
    return Optional.of(new ColumnPath(resolved));
  }

  /**
   * Like {@link #resolve} but failing with a message naming the table, the role and the columns.
   */
  static ColumnPath require(StructType schema, String name, String role, String table) {
    return resolve(schema, name)
        .orElseThrow(
            () ->
                new PipelineException(
                    "The "
                        + role
                        + " column '"
                        + name
                        + "' of table '"
                        + table
                        + "' is not in its schema (top-level columns: "
                        + String.join(", ", schema.fieldNames())
                        + "); fix table_configuration or the connector's metadata"));
  }

  /** SQL text for this column under a table alias, e.g. {@code t.`$properties`.`$last_seen`}. */
  String sql(String alias) {
    return alias + "." + quoted();
  }

  /** The back-quoted multi-part name, e.g. {@code `$properties`.`$last_seen`}. */
  String quoted() {
    StringBuilder out = new StringBuilder();
    for (String s : segments) {
      out.append(out.length() == 0 ? "`" : ".`").append(s.replace("`", "``")).append('`');
    }
    return out.toString();
  }

  Column column() {
    return functions.col(quoted());
  }

  /** The name of the top-level column this path starts in. */
  String topLevel() {
    return segments.get(0);
  }

  private static Optional<StructField> field(StructType struct, String name) {
    for (StructField f : struct.fields()) {
      if (f.name().equals(name)) {
        return Optional.of(f);
      }
    }
    for (StructField f : struct.fields()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
