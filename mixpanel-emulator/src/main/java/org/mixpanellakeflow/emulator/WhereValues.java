package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The value semantics of segmentation expressions, as Mixpanel documents them: numbers are
 * doubles, comparisons between different types yield {@link #UNDEFINED} (which is falsy), and
 * {@code in} is a substring test on strings and a membership test on lists.
 *
 * <p>Values are {@code String}, {@code Double}, {@code Boolean}, {@link DateTime}, {@code List},
 * {@code Map}, {@code null} (a JSON null) or {@link #UNDEFINED} (a property that is not set).
 */
final class WhereValues {
  /** A property that is not set, or the result of a comparison between different types. */
  static final Object UNDEFINED = new Object() {
    @Override
    public String toString() {
      return "undefined";
    }
  };

  private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  /** An instant, from {@code datetime(...)} or {@code $time}. */
  record DateTime(long epochMs) {}

  private WhereValues() {}

  /** A property value as read from JSON data: integral numbers become doubles like all numbers. */
  static Object fromData(Object value) {
    if (value instanceof Number number && !(value instanceof Double)) {
      return number.doubleValue();
    }
    return value;
  }

  static boolean truthy(Object value) {
    if (value == UNDEFINED || value == null) {
      return false;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    if (value instanceof Double number) {
      return number != 0 && !number.isNaN();
    }
    if (value instanceof String text) {
      return !text.isEmpty();
    }
    if (value instanceof List<?> list) {
      return !list.isEmpty();
    }
    if (value instanceof Map<?, ?> map) {
      return !map.isEmpty();
    }
    return true;
  }

  /** {@code ==}; {@code null == null} holds, any other pair of different types is undefined. */
  static Object equal(Object left, Object right) {
    if (left == UNDEFINED || right == UNDEFINED) {
      return UNDEFINED;
    }
    if (left == null || right == null) {
      return left == null && right == null ? Boolean.TRUE : UNDEFINED;
    }
    Integer order = order(left, right);
    if (order != null) {
      return order == 0;
    }
    if (left instanceof Boolean && right instanceof Boolean) {
      return left.equals(right);
    }
    return UNDEFINED;
  }

  static Object notEqual(Object left, Object right) {
    Object equal = equal(left, right);
    return equal == UNDEFINED ? UNDEFINED : !((Boolean) equal);
  }

  /** {@code <}, {@code <=}, {@code >}, {@code >=}: a signum test on the order, or undefined. */
  static Object compare(Object left, Object right, String operator) {
    Integer order = order(left, right);
    if (order == null) {
      return UNDEFINED;
    }
    return switch (operator) {
      case "<" -> order < 0;
      case "<=" -> order <= 0;
      case ">" -> order > 0;
      case ">=" -> order >= 0;
      default -> throw new IllegalArgumentException("not an ordering operator: " + operator);
    };
  }

  /** {@code needle in haystack}: substring of a string, element of a list, else undefined. */
  static Object in(Object needle, Object haystack) {
    if (needle == UNDEFINED || haystack == UNDEFINED) {
      return UNDEFINED;
    }
    if (haystack instanceof String text && needle instanceof String part) {
      return text.contains(part);
    }
    if (haystack instanceof List<?> list) {
      for (Object element : list) {
        if (equal(needle, fromData(element)) == Boolean.TRUE) {
          return true;
        }
      }
      return false;
    }
    return UNDEFINED;
  }

  static Object arithmetic(Object left, Object right, String operator) {
    if (operator.equals("+") && left instanceof String a && right instanceof String b) {
      return a + b;
    }
    if (!(left instanceof Double a) || !(right instanceof Double b)) {
      return UNDEFINED;
    }
    if ((operator.equals("/") || operator.equals("%")) && b == 0) {
      return UNDEFINED;
    }
    return switch (operator) {
      case "+" -> a + b;
      case "-" -> a - b;
      case "*" -> a * b;
      case "/" -> a / b;
      case "%" -> a % b;
      default -> throw new IllegalArgumentException("not an arithmetic operator: " + operator);
    };
  }

  static Object negate(Object value) {
    return value instanceof Double number ? -number : UNDEFINED;
  }

  static Object toNumber(Object value) {
    if (value instanceof Double) {
      return value;
    }
    if (value instanceof Boolean flag) {
      return flag ? 1.0 : 0.0;
    }
    if (value instanceof DateTime time) {
      return time.epochMs() / 1000.0;
    }
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        return UNDEFINED;
      }
    }
    return UNDEFINED;
  }

  static Object toText(Object value) {
    if (value == UNDEFINED) {
      return UNDEFINED;
    }
    if (value == null) {
      return "null";
    }
    if (value instanceof Double number) {
      return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString(number.longValue()) : number.toString();
    }
    if (value instanceof DateTime time) {
      return ISO_SECONDS.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(time.epochMs()), ZoneOffset.UTC));
    }
    if (value instanceof List<?> || value instanceof Map<?, ?>) {
      try {
        return EmulatorExchange.JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        return UNDEFINED;
      }
    }
    return value.toString();
  }

  /**
   * {@code datetime(x)}: a number is epoch seconds; a string is a wall-clock time read in {@code
   * zone} (the project timezone) unless it carries an offset.
   */
  static Object toDateTime(Object value, ZoneId zone) {
    if (value instanceof DateTime) {
      return value;
    }
    if (value instanceof Double seconds) {
      return new DateTime(Math.round(seconds * 1000));
    }
    if (value instanceof String text) {
      Instant instant = parseInstant(text, zone);
      return instant == null ? UNDEFINED : new DateTime(instant.toEpochMilli());
    }
    return UNDEFINED;
  }

  static Object rounding(Object value, String function) {
    if (!(value instanceof Double number)) {
      return UNDEFINED;
    }
    return switch (function) {
      case "floor" -> Math.floor(number);
      case "ceil" -> Math.ceil(number);
      case "round" -> (double) Math.round(number);
      default -> throw new IllegalArgumentException("not a rounding function: " + function);
    };
  }

  /**
   * The order of two comparable values, or null. Stored date strings (profiles' {@code
   * $last_seen}) compare with datetimes as UTC wall-clock times.
   */
  private static Integer order(Object left, Object right) {
    if (left instanceof Double a && right instanceof Double b) {
      return Double.compare(a, b);
    }
    if (left instanceof String a && right instanceof String b) {
      return Integer.signum(a.compareTo(b));
    }
    Long a = epochMs(left, right);
    Long b = epochMs(right, left);
    if (a != null && b != null) {
      return Long.compare(a, b);
    }
    return null;
  }

  /** The instant of {@code value} when compared with {@code other}, or null. */
  private static Long epochMs(Object value, Object other) {
    if (value instanceof DateTime time) {
      return time.epochMs();
    }
    if (value instanceof String text && other instanceof DateTime) {
      Instant instant = parseInstant(text, ZoneOffset.UTC);
      return instant == null ? null : instant.toEpochMilli();
    }
    return null;
  }

  private static Instant parseInstant(String text, ZoneId zone) {
    Objects.requireNonNull(zone, "zone is null");
    String trimmed = text.trim();
    if (trimmed.length() > 10 && trimmed.charAt(10) == ' ') {
      trimmed = trimmed.substring(0, 10) + 'T' + trimmed.substring(11);
    }
    try {
      if (trimmed.length() == 10) {
        return LocalDate.parse(trimmed).atStartOfDay(zone).toInstant();
      }
      if (trimmed.endsWith("Z") || trimmed.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(trimmed).toInstant();
      }
      return LocalDateTime.parse(trimmed).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
