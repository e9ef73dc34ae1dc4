package org.mixpanellakeflow.connect.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkRuntimeException;
import org.apache.spark.types.variant.Variant;
import org.apache.spark.types.variant.VariantBuilder;
import org.apache.spark.types.variant.VariantSizeLimitException;
import org.apache.spark.types.variant.VariantUtil;
import org.apache.spark.unsafe.types.VariantVal;
import org.mixpanellakeflow.connect.LakeflowException;

/**
 * JSON values as Spark {@code VARIANT}s, keeping every value exactly: from a record's JSON-like
 * tree ({@link #of}) or straight from JSON bytes ({@link #parse}), with one result for the same
 * JSON either way, to the byte.
 *
 * <p>Numbers follow Spark's {@code parse_json} wherever it is exact: an integer that fits a
 * {@code long} is an integer, a plain decimal of up to 38 digits (and scale) a {@code DECIMAL}
 * with the scale sent ({@code -1.50} stays {@code -1.50}). Where {@code parse_json} would round
 * to a {@code DOUBLE}, the value is kept exactly instead: an exponent form is the {@code DECIMAL}
 * of its value when that fits 38 digits ({@code 1e3} is {@code 1000}, {@code 1.5e-7} is {@code
 * 0.00000015}); a number no {@code VARIANT} number holds exactly (more than 38 digits, a scale
 * beyond 38: {@code 1e-40}, a 40-digit integer) is the {@code STRING} of its text as sent; a
 * negative zero is the {@code DOUBLE -0.0}, the only number that keeps its sign. A {@code Double}
 * or {@code Float} in a tree is that {@code DOUBLE}.
 *
 * <p>What a {@code VARIANT} cannot keep by its definition: the order of an object's keys (objects
 * are stored sorted by key) and a key given twice in one object (the last value wins, as in a
 * parsed tree). Strings are UTF-8, so a lone surrogate escape becomes {@code ?}, as everywhere in
 * Spark. Stateless and thread safe.
 */
public final class VariantValues {

  /** Digits a VARIANT decimal holds (DECIMAL16), in precision and in scale. */
  private static final int MAX_DECIMAL_DIGITS = 38;

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** JSON's number grammar, for texts whose value BigDecimal cannot hold (exponents beyond int). */
  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private VariantValues() {}

  /**
   * The VARIANT of a JSON-like value: {@code Map} (an object, keys as {@code String.valueOf}),
   * {@code List}, {@code String} (always a JSON string, never parsed), {@code Boolean}, any
   * {@code Number} ({@code Long}/{@code Integer}/{@code Short}/{@code Byte} as integers, {@code
   * Double}/{@code Float} as doubles, any other by its {@code toString()} as a JSON number text,
   * e.g. a {@code BigDecimal}), and {@code null} inside containers.
   *
   * @return {@code null} for {@code null}
   * @throws IllegalArgumentException for a value of another type, naming it
   */
  public static VariantVal of(Object value) {
    if (value == null) {
      return null;
    }
    VariantBuilder builder = new VariantBuilder(false);
    append(builder, value);
    return result(builder);
  }

  /**
   * The VARIANT of the JSON value in {@code json[offset, offset + length)}, equal to {@link #of}
   * of its tree (maps in the order sent, the last of repeated keys winning).
   *
   * @throws IOException (Jackson's {@code JsonProcessingException}) if it is not one JSON value
   */
  public static VariantVal parse(byte[] json, int offset, int length) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
      if (parser.nextToken() == null) {
        throw new JsonParseException(parser, "no JSON value");
      }
      VariantBuilder builder = new VariantBuilder(false);
      try {
        appendParsed(builder, parser);
      } catch (SparkRuntimeException e) {
        if (!"VARIANT_DUPLICATE_KEY".equals(e.getCondition())) {
          throw e;
        }
        // rare: a key given twice. The builder would keep the first one's bytes and keys; the
        // tree keeps what a parsed map keeps, so both ways give the same VARIANT
        return of(tree(json, offset, length));
      }
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "trailing content after the JSON value");
      }
      return result(builder);
    }
  }

  private static VariantVal result(VariantBuilder builder) {
    try {
      Variant variant = builder.result();
      return new VariantVal(variant.getValue(), variant.getMetadata());
    } catch (VariantSizeLimitException e) {
      throw tooLarge();
    }
  }

  private static LakeflowException tooLarge() {
    return new LakeflowException(
        "Cannot store a JSON value as a VARIANT: it is larger than this Spark's VARIANT limit of "
            + (VariantUtil.SIZE_LIMIT >> 20)
            + " MiB");
  }

  @SuppressWarnings("unchecked")
  private static void append(VariantBuilder builder, Object value) {
    try {
      if (value == null) {
        builder.appendNull();
      } else if (value instanceof String s) {
        builder.appendString(s);
      } else if (value instanceof Boolean b) {
        builder.appendBoolean(b);
      } else if (value instanceof Long
          || value instanceof Integer
          || value instanceof Short
          || value instanceof Byte) {
        builder.appendLong(((Number) value).longValue());
      } else if (value instanceof Double || value instanceof Float) {
        // VariantBuilder.appendFloat writes past its checked capacity in Spark 4.0: widen instead
        builder.appendDouble(((Number) value).doubleValue());
      } else if (value instanceof Number n) {
        appendNumber(builder, n.toString());
      } else if (value instanceof Map<?, ?> map) {
        ArrayList<VariantBuilder.FieldEntry> fields = new ArrayList<>(map.size());
        int start = builder.getWritePos();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          int offset = builder.getWritePos() - start;
          fields.add(new VariantBuilder.FieldEntry(key, builder.addKey(key), offset));
          append(builder, e.getValue());
        }
        builder.finishWritingObject(start, fields);
      } else if (value instanceof List<?> list) {
        ArrayList<Integer> offsets = new ArrayList<>(list.size());
        int start = builder.getWritePos();
        for (Object element : list) {
          offsets.add(builder.getWritePos() - start);
          append(builder, element);
        }
        builder.finishWritingArray(start, offsets);
      } else {
        throw new IllegalArgumentException(
            "Cannot store a " + value.getClass().getSimpleName() + " in a VARIANT: expected a"
                + " JSON-like value (Map, List, String, Number, Boolean or null)");
      }
    } catch (VariantSizeLimitException e) {
      throw tooLarge();
    }
  }

  private static void appendParsed(VariantBuilder builder, JsonParser parser) throws IOException {
    try {
      switch (parser.currentToken()) {
        case START_OBJECT -> {
          ArrayList<VariantBuilder.FieldEntry> fields = new ArrayList<>();
          int start = builder.getWritePos();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int offset = builder.getWritePos() - start;
          fields.add(new VariantBuilder.FieldEntry(key, builder.addKey(key), offset));
            parser.nextToken();
            appendParsed(builder, parser);
          }
          builder.finishWritingObject(start, fields);
        }
        case START_ARRAY -> {
          ArrayList<Integer> offsets = new ArrayList<>();
          int start = builder.getWritePos();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            offsets.add(builder.getWritePos() - start);
            appendParsed(builder, parser);
          }
          builder.finishWritingArray(start, offsets);
        }
        case VALUE_STRING -> builder.appendString(parser.getText());
        case VALUE_NUMBER_INT -> {
          // as a parsed tree: a long when one holds the text ("-0" does not), else the text
          if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
              && (parser.getLongValue() != 0 || parser.getTextLength() == 1)) {
            builder.appendLong(parser.getLongValue());
          } else {
            appendNumber(builder, parser.getText());
          }
        }
        case VALUE_NUMBER_FLOAT -> appendNumber(builder, parser.getText());
        case VALUE_TRUE -> builder.appendBoolean(true);
        case VALUE_FALSE -> builder.appendBoolean(false);
        case VALUE_NULL -> builder.appendNull();
        default ->
            throw new JsonParseException(parser, "unexpected token " + parser.currentToken());
      }
    } catch (VariantSizeLimitException e) {
      throw tooLarge();
    }
  }

  /**
   * Appends the number a JSON number text stands for, exactly (see the class comment).
   *
   * @throws IllegalArgumentException if {@code text} is not a number
   */
  static void appendNumber(VariantBuilder builder, String text) {
    boolean integer = true;
    for (int i = 0; i < text.length() && integer; i++) {
      char c = text.charAt(i);
      integer = c != '.' && c != 'e' && c != 'E';
    }
    if (integer && text.length() <= 18 && !text.equals("-0")) {
      try {
        builder.appendLong(Long.parseLong(text));
        return;
      } catch (NumberFormatException e) {
        throw notANumber(text);
      }
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      if (JSON_NUMBER.matcher(text).matches()) {
        builder.appendString(text); // an exponent beyond an int (1e-99999999999)
        return;
      }
      throw notANumber(text);
    }
    if (value.signum() == 0 && text.startsWith("-")) {
      builder.appendDouble(-0.0);
      return;
    }
    if (integer && value.precision() <= 19) {
      try {
        builder.appendLong(value.longValueExact());
        return;
      } catch (ArithmeticException e) {
        // beyond a long: a decimal, below
      }
    }
    // digits before the point, in long: 1e999999999 must not be multiplied out to find it too big
    long integerDigits = (long) value.precision() - value.scale();
    if (value.scale() < 0 && integerDigits <= MAX_DECIMAL_DIGITS) {
      value = value.setScale(0); // exact: 1E+3 is 1000
    }
    if (value.scale() >= 0
        && value.precision() <= MAX_DECIMAL_DIGITS
        && value.scale() <= MAX_DECIMAL_DIGITS) {
      builder.appendDecimal(value);
    } else {
      builder.appendString(text);
    }
  }

  private static IllegalArgumentException notANumber(String text) {
    return new IllegalArgumentException("Cannot store '" + text + "' in a VARIANT as a number");
  }

  /** The JSON value as a tree, numbers as their text, for the rare value with a repeated key. */
  private static Object tree(byte[] json, int offset, int length) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
      parser.nextToken();
      Object tree = readTree(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "trailing content after the JSON value");
      }
      return tree;
    }
  }

  private static Object readTree(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          parser.nextToken();
          map.put(key, readTree(parser));
        }
        return map;
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(readTree(parser));
        }
        return list;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new NumberLiteral(parser.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonParseException(parser, "unexpected token " + parser.currentToken());
    }
  }

  /** A number of a tree read here, as its text; {@link #append} reads it by {@code toString()}. */
  private static final class NumberLiteral extends Number {
    private static final long serialVersionUID = 1L;
    private final String text;

    NumberLiteral(String text) {
      this.text = text;
    }

    @Override
    public int intValue() {
      return new BigDecimal(text).intValue();
    }

    @Override
    public long longValue() {
      return new BigDecimal(text).longValue();
    }

    @Override
    public float floatValue() {
      return Float.parseFloat(text);
    }

    @Override
    public double doubleValue() {
      return Double.parseDouble(text);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
