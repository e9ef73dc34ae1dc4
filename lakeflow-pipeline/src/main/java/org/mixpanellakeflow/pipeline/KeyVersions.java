package org.mixpanellakeflow.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Versions of keys, for writers that keep more than the latest row of a key. A version is a
 * (primary keys, sequence) pair; its content is every column except the table's untracked ones.
 *
 * <p>Connectors re-read on purpose, so one micro-batch may hold a version twice, with the same or
 * different content. {@link #onePerVersion} keeps one row per version: the one read last by the
 * untracked columns (e.g. a read timestamp; in the order the connector lists them, nulls losing),
 * and among rows those do not tell apart, the greatest {@link #tieBreaker}. The choice depends
 * only on the rows of the batch, never on their order, so a replayed batch picks the same row.
 */
final class KeyVersions {

  /** Name under which writers stage a row's fingerprint beside it. */
  static final String FINGERPRINT = "__lakeflow_fingerprint";

  private static final String COPY = "__lakeflow_copy";

  private final MergeKeys keys;
  private final List<ColumnPath> untracked;
  private final List<StructField> columns;

  private KeyVersions(MergeKeys keys, List<ColumnPath> untracked, List<StructField> columns) {
    this.keys = Objects.requireNonNull(keys, "keys is null");
    this.untracked = List.copyOf(untracked);
    this.columns = List.copyOf(columns);
  }

  /** The versions of {@code schema}'s rows; the plan's untracked columns must be in it. */
  static KeyVersions of(TablePlan plan, MergeKeys keys, StructType schema) {
    return new KeyVersions(
        keys,
        plan.untrackedColumns().stream()
            .map(c -> ColumnPath.require(schema, c, "untracked", plan.sourceTable()))
            .toList(),
        List.of(schema.fields()));
  }

  /**
   * The same versions, with a fingerprint over only the columns also in {@code other}: a table
   * written without schema evolution does not store a column the source added later, and content it
   * cannot store must not make every stored row look changed.
   */
  KeyVersions comparingColumnsIn(StructType other) {
    Set<String> names = Set.of(other.fieldNames());
    return new KeyVersions(
        keys, untracked, columns.stream().filter(f -> names.contains(f.name())).toList());
  }

  /**
   * A SHA-256 over the JSON of the row's tracked columns (nested untracked fields dropped). Equal
   * for two rows exactly when their tracked content is equal, short of a hash collision. Works on
   * the source's rows and on the stored rows alike, since it names columns without an alias. A
   * VARIANT counts by its {@code to_json}: by value, so {@code 1.50} and {@code 1.5} in one are
   * the same content.
   */
  Column fingerprint() {
    List<Column> parts = new ArrayList<>();
    for (StructField field : columns) {
      String name = field.name();
      if (untracked.contains(new ColumnPath(List.of(name)))) {
        continue;
      }
      Column part = col(new ColumnPath(List.of(name)).quoted());
      for (ColumnPath path : untracked) {
        if (path.segments().size() > 1 && path.topLevel().equals(name)) {
          String nested =
              new ColumnPath(path.segments().subList(1, path.segments().size())).quoted();
          part = part.dropFields(CollectionConverters.asScala(List.of(nested)).toList());
        }
      }
      parts.add(part.as(name));
    }
    return sha2(to_json(struct(parts.toArray(Column[]::new))), 256);
  }

  /** One row per (keys, sequence) of {@code batch}, chosen as the class comment says. */
  Dataset<Row> onePerVersion(Dataset<Row> batch) {
    List<Column> partition = new ArrayList<>(List.of(keys.columns()));
    partition.add(keys.sequence().column());
    return first(batch, partition.toArray(Column[]::new), List.of());
  }

  /**
   * One row per key of {@code batch}: its latest version (the greatest sequence, nulls lowest),
   * chosen among that version's rows as {@link #onePerVersion} chooses. The same rows as {@link
   * MergeKeys#latestPerKey} of {@link #onePerVersion}, with one shuffle instead of two.
   */
  Dataset<Row> latestPerKey(Dataset<Row> batch) {
    return first(batch, keys.columns(), List.of(keys.sequence().column().desc_nulls_last()));
  }

  /**
   * The first row of each {@code partition} group by {@code leading}, then the untracked columns
   * (latest read first), then the greatest {@link #tieBreaker}: one window that Spark evaluates as
   * a group limit, without buffering groups.
   */
  private Dataset<Row> first(Dataset<Row> batch, Column[] partition, List<Column> leading) {
    List<Column> order = new ArrayList<>(leading);
    for (ColumnPath path : untracked) {
      if (orderable(type(batch.schema(), path))) {
        order.add(path.column().desc_nulls_last());
      }
    }
    order.add(tieBreaker().desc());
    return batch
        .withColumn(
            COPY,
            row_number().over(Window.partitionBy(partition).orderBy(order.toArray(Column[]::new))))
        .filter(col(COPY).equalTo(1))
        .drop(COPY);
  }

  /**
   * A 64-bit hash (xxHash64) of the row's tracked columns, which orders the rows of one version
   * that nothing else tells apart. Far cheaper than {@link #fingerprint} (no JSON, no SHA-256);
   * only two rows with different content and equal hashes (odds of 2^-64) would make the choice
   * depend on their order. Spark hashes neither maps nor (in 4.0) VARIANTs: maps are hashed as
   * their entries in order, as {@code to_json} writes them for the fingerprint, and VARIANTs as
   * their {@code to_json} text (keys sorted, so equal VARIANTs hash alike).
   */
  Column tieBreaker() {
    List<Column> parts = new ArrayList<>();
    for (StructField field : columns) {
      List<String> path = List.of(field.name());
      if (!untracked.contains(new ColumnPath(path))) {
        parts.add(hashable(col(new ColumnPath(path).quoted()), field.dataType(), path));
      }
    }
    return parts.isEmpty() ? lit(0L) : xxhash64(parts.toArray(Column[]::new));
  }

  /** {@code column} in a form Spark can hash, without the untracked fields under {@code path}. */
  private Column hashable(Column column, DataType type, List<String> path) {
    boolean untrackedInside =
        untracked.stream().anyMatch(u -> u.segments().size() > path.size()
            && u.segments().subList(0, path.size()).equals(path));
    if (type instanceof StructType struct && (unhashable(type) || untrackedInside)) {
      List<Column> fields = new ArrayList<>();
      for (StructField field : struct.fields()) {
        List<String> child = new ArrayList<>(path);
        child.add(field.name());
        if (!untracked.contains(new ColumnPath(child))) {
          fields.add(hashable(column.getField(field.name()), field.dataType(), child).as(field.name()));
        }
      }
      return fields.isEmpty()
          ? lit(0L)
          : when(column.isNull(), lit(null)).otherwise(struct(fields.toArray(Column[]::new)));
    }
    if (type instanceof MapType map && !unhashable(map.keyType()) && !unhashable(map.valueType())) {
      return map_entries(column);
    }
    return unhashable(type) ? to_json(column) : column;
  }

  /** Whether {@code xxhash64} refuses the type: a map or a VARIANT, at any depth. */
  private static boolean unhashable(DataType type) {
    if (type instanceof MapType || type instanceof VariantType) {
      return true;
    }
    if (type instanceof ArrayType array) {
      return unhashable(array.elementType());
    }
    if (type instanceof StructType struct) {
      for (StructField field : struct.fields()) {
        if (unhashable(field.dataType())) {
          return true;
        }
      }
    }
    return false;
  }

  private static DataType type(StructType schema, ColumnPath path) {
    DataType type = schema;
    for (String segment : path.segments()) {
      type = ((StructType) type).apply(segment).dataType();
    }
    return type;
  }

  /** Maps and VARIANTs cannot be sorted by; a read time never is one. */
  private static boolean orderable(DataType type) {
    if (type instanceof MapType || type instanceof VariantType) {
      return false;
    }
    if (type instanceof ArrayType array) {
      return orderable(array.elementType());
    }
    if (type instanceof StructType struct) {
      for (StructField f : struct.fields()) {
        if (!orderable(f.dataType())) {
          return false;
        }
      }
    }
    return true;
  }
}
