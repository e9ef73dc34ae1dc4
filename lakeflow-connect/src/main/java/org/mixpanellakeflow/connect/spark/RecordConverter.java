package org.mixpanellakeflow.connect.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * Converts connector records (JSON-like maps, see {@link
 * org.mixpanellakeflow.connect.LakeflowConnect}) to Spark rows by a declared schema.
 *
 * <p>One converter per field is built once, here, so converting a record only walks the schema's
 * precomputed tree. Values of another type are converted only when nothing is lost (see {@link
 * ScalarConversions}); anything else fails with the field's path, the value's type and the expected
 * type. A {@code VARIANT} field takes any JSON-like value as it is, exactly ({@link
 * VariantValues}). Fields missing from a record are null. Instances are immutable and thread safe.
 * Public so that a connector's row path ({@link org.mixpanellakeflow.connect.SupportsRowReads})
 * can fall back to it for the odd record it does not build itself.
 */
public final class RecordConverter {

  private final String tableName;
  private final StructConverter root;

  /**
   * @throws LakeflowException if the schema holds a type this converter does not support
   */
  public RecordConverter(String tableName, StructType schema) {
    this.tableName = Objects.requireNonNull(tableName, "tableName is null");
    Objects.requireNonNull(schema, "schema is null");
    try {
      this.root = new StructConverter(schema);
    } catch (Mismatch m) {
      throw new LakeflowException(
          "Cannot read table '" + tableName + "': field '" + m.path() + "' " + m.getMessage());
    }
  }

  public InternalRow convert(Map<String, Object> record) {
    try {
      return root.convertFields(record);
    } catch (Mismatch m) {
      throw new LakeflowException(
          "Cannot convert field '"
              + m.path()
              + "' of table '"
              + tableName
              + "': "
              + m.getMessage());
    }
  }

  /** Converts one non-null value to Spark's internal representation of its declared type. */
  @FunctionalInterface
  interface ValueConverter {
    Object convert(Object value);
  }

  static ValueConverter forType(DataType type) {
    if (type instanceof StructType struct) {
      return new StructConverter(struct);
    }
    if (type instanceof MapType map) {
      return new MapConverter(map);
    }
    if (type instanceof ArrayType array) {
      return new ArrayConverter(array);
    }
    if (type instanceof LongType) {
      return ScalarConversions::toLong;
    }
    if (type instanceof IntegerType) {
      return ScalarConversions::toInteger;
    }
    if (type instanceof DoubleType) {
      return ScalarConversions::toDouble;
    }
    if (type instanceof BooleanType) {
      return ScalarConversions::toBoolean;
    }
    if (type instanceof StringType) {
      return ScalarConversions::toUtf8;
    }
    if (type instanceof VariantType) {
      return RecordConverter::toVariant;
    }
    throw new Mismatch(
        "has type "
            + type.sql()
            + ", which is not supported (supported: STRUCT, MAP with STRING keys, ARRAY, BIGINT,"
            + " INT, DOUBLE, BOOLEAN, STRING, VARIANT)");
  }

  /** Any JSON-like value, exactly ({@link VariantValues}); a String is a JSON string, not parsed. */
  private static Object toVariant(Object value) {
    try {
      return VariantValues.of(value);
    } catch (IllegalArgumentException e) {
      throw Mismatch.of(value, "VARIANT", "expected a JSON-like value");
    }
  }

  private static final class StructConverter implements ValueConverter {
    private final String[] names;
    private final boolean[] nullable;
    private final ValueConverter[] converters;

    StructConverter(StructType schema) {
      StructField[] fields = schema.fields();
      names = new String[fields.length];
      nullable = new boolean[fields.length];
      converters = new ValueConverter[fields.length];
      for (int i = 0; i < fields.length; i++) {
        names[i] = fields[i].name();
        nullable[i] = fields[i].nullable();
        try {
          converters[i] = forType(fields[i].dataType());
        } catch (Mismatch m) {
          throw m.within(names[i]);
        }
      }
    }

    @Override
    public Object convert(Object value) {
      if (!(value instanceof Map<?, ?> map)) {
        throw Mismatch.of(value, "STRUCT", "expected a JSON object");
      }
      return convertFields(map);
    }

    GenericInternalRow convertFields(Map<?, ?> record) {
      Object[] values = new Object[names.length];
      for (int i = 0; i < names.length; i++) {
        Object value = record.get(names[i]);
        if (value == null) {
          if (!nullable[i]) {
            throw new Mismatch("is null or missing, but the schema declares it NOT NULL")
                .within(names[i]);
          }
          continue;
        }
        try {
          values[i] = converters[i].convert(value);
        } catch (Mismatch m) {
          throw m.within(names[i]);
        }
      }
      return new GenericInternalRow(values);
    }
  }

  private static final class MapConverter implements ValueConverter {
    private final ValueConverter values;
    private final boolean valueNullable;
    private final boolean stringValues;

    MapConverter(MapType type) {
      if (!(type.keyType() instanceof StringType)) {
        throw new Mismatch(
            "has type " + type.sql() + ", which is not supported: map keys must be STRING");
      }
      values = forType(type.valueType());
      valueNullable = type.valueContainsNull();
      stringValues = type.valueType() instanceof StringType;
    }

    @Override
    public Object convert(Object value) {
      if (!(value instanceof Map<?, ?> map)) {
        throw Mismatch.of(value, "MAP", "expected a JSON object");
      }
      Object[] keys = new Object[map.size()];
      Object[] converted = new Object[map.size()];
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        Object element = e.getValue();
        keys[i] = ScalarConversions.toUtf8(key);
        if (element == null) {
          if (!valueNullable) {
            throw new Mismatch("is null, but the schema declares map values NOT NULL").within(key);
          }
        } else if (stringValues && (element instanceof Map || element instanceof List)) {
          throw Mismatch.of(
                  element, "STRING", "the connector must serialize nested values to JSON text")
              .within(key);
        } else {
          try {
            converted[i] = values.convert(element);
          } catch (Mismatch m) {
            throw m.within(key);
          }
        }
        i++;
      }
      return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(converted));
    }
  }

  private static final class ArrayConverter implements ValueConverter {
    private final ValueConverter elements;
    private final boolean elementNullable;

    ArrayConverter(ArrayType type) {
      elements = forType(type.elementType());
      elementNullable = type.containsNull();
    }

    @Override
    public Object convert(Object value) {
      if (!(value instanceof List<?> list)) {
        throw Mismatch.of(value, "ARRAY", "expected a JSON list");
      }
      Object[] converted = new Object[list.size()];
      int i = 0;
      for (Object element : list) {
        if (element == null) {
          if (!elementNullable) {
            throw new Mismatch("is null, but the schema declares array elements NOT NULL")
                .within("[" + i + "]");
          }
        } else {
          try {
            converted[i] = elements.convert(element);
          } catch (Mismatch m) {
            throw m.within("[" + i + "]");
          }
        }
        i++;
      }
      return new GenericArrayData(converted);
    }
  }

  /**
   * A value that does not fit its type. It is thrown through the converter tree, which adds the
   * path on the way out, so it records no stack trace: the final {@link LakeflowException} does.
   */
  static final class Mismatch extends RuntimeException {
    private final Deque<String> path = new ArrayDeque<>();

    Mismatch(String problem) {
      super(problem, null, false, false);
    }

    static Mismatch of(Object value, String expected, String detail) {
      return new Mismatch(
          "got a " + typeOf(value) + " value, expected " + expected + " (" + detail + ")");
    }

    Mismatch within(String segment) {
      path.addFirst(segment);
      return this;
    }

    String path() {
      StringBuilder joined = new StringBuilder();
      for (String segment : path) {
        if (joined.length() > 0 && !segment.startsWith("[")) {
          joined.append('.');
        }
        joined.append(segment);
      }
      return joined.toString();
    }

    private static String typeOf(Object value) {
      if (value instanceof Map) {
        return "Map";
      }
      if (value instanceof List) {
        return "List";
      }
      return value.getClass().getSimpleName();
    }
  }
}
