package org.mixpanellakeflow.connect.spark;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.spark.unsafe.types.UTF8String;
import org.mixpanellakeflow.connect.spark.RecordConverter.Mismatch;

/**
 * Lossless conversions of record values to Spark's internal scalars. A value of another type is
 * accepted only when converting it loses nothing: an Integer as a BIGINT, a whole Double as a
 * BIGINT, a Long that a double represents exactly as a DOUBLE, 0 or 1 as a BOOLEAN, and a number or
 * boolean as a STRING holding its JSON text. Strings are never parsed into numbers or booleans:
 * that would hide a connector declaring the wrong type.
 */
final class ScalarConversions {

  private static final double TWO_POW_63 = 0x1p63;

  private ScalarConversions() {}

  static Object toLong(Object value) {
    if (value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (d == Math.rint(d) && d >= -TWO_POW_63 && d < TWO_POW_63) {
        return (long) d;
      }
      throw Mismatch.of(value, "BIGINT", "not a whole number within the BIGINT range");
    }
    if (value instanceof BigInteger || value instanceof BigDecimal) {
      try {
        return new BigDecimal(value.toString()).longValueExact();
      } catch (ArithmeticException e) {
        throw Mismatch.of(value, "BIGINT", "not a whole number within the BIGINT range");
      }
    }
    throw Mismatch.of(value, "BIGINT", "expected a number");
  }

  static Object toInteger(Object value) {
    if (value instanceof Integer) {
      return value;
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof Number) {
      long asLong = (Long) toLongOr(value, "INT");
      if (asLong >= Integer.MIN_VALUE && asLong <= Integer.MAX_VALUE) {
        return (int) asLong;
      }
      throw Mismatch.of(value, "INT", "not a whole number within the INT range");
    }
    throw Mismatch.of(value, "INT", "expected a number");
  }

  static Object toDouble(Object value) {
    if (value instanceof Double) {
      return value;
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Long l) {
      double d = l;
      // (long) 2^63 saturates to Long.MAX_VALUE, so that one value needs its own check
      if (d != TWO_POW_63 && (long) d == l) {
        return d;
      }
      throw Mismatch.of(value, "DOUBLE", "a double cannot represent it exactly");
    }
    if (value instanceof BigInteger || value instanceof BigDecimal) {
      BigDecimal exact = new BigDecimal(value.toString());
      double d = exact.doubleValue();
      if (Double.isFinite(d) && new BigDecimal(d).compareTo(exact) == 0) {
        return d;
      }
      throw Mismatch.of(value, "DOUBLE", "a double cannot represent it exactly");
    }
    throw Mismatch.of(value, "DOUBLE", "expected a number");
  }

  static Object toBoolean(Object value) {
    if (value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == 0 || d == 1) {
        return d == 1;
      }
      throw Mismatch.of(value, "BOOLEAN", "only the numbers 0 and 1 convert to a boolean");
    }
    throw Mismatch.of(value, "BOOLEAN", "expected true or false");
  }

  static Object toUtf8(Object value) {
    if (value instanceof String s) {
      return UTF8String.fromString(s);
    }
    if (value instanceof Number || value instanceof Boolean) {
      // Long, Double (Double.toString), BigDecimal and Boolean print as Jackson writes them
      return UTF8String.fromString(value.toString());
    }
    throw Mismatch.of(value, "STRING", "expected a string, number or boolean");
  }

  private static Object toLongOr(Object value, String expected) {
    try {
      return toLong(value);
    } catch (Mismatch m) {
      throw Mismatch.of(value, expected, "not a whole number within the " + expected + " range");
    }
  }
}
