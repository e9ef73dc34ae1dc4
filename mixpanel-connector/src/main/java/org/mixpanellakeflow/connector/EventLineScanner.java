package org.mixpanellakeflow.connector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads the export lines Mixpanel writes, one pass over their bytes, into an {@link
 * EventRowBuilder}: the fast path of {@link EventRowDecoder}.
 *
 * <p>It accepts a strict subset of JSON and gives up, so that the decoder's Jackson path reads the
 * line instead, on anything else: whatever Jackson would reject (so a malformed line fails as it
 * always did, with Jackson's message), and the rare shapes it leaves to Jackson on purpose: a
 * line that is not an event object, a repeated {@code event} or {@code properties}, an event
 * without {@code $insert_id}, a lone surrogate escape in a string it decodes or in any name (Jackson
 * 2.21, Spark 4.1's, rejects those in names; 2.18, Spark 4.0's, reads them), nesting deeper than {@value #MAX_DEPTH},
 * numbers longer than {@value #MAX_NUMBER} characters, names longer than {@value #MAX_NAME} bytes
 * and lines longer than {@value #MAX_LINE} bytes. What it accepts it reads exactly as the
 * Jackson path does: strings decoded (escapes included), numbers as the text sent, nested values
 * as the bytes sent.
 *
 * <p>Strings are not copied: each line is copied once and the row's strings point into it. Not
 * thread safe.
 */
final class EventLineScanner {

  static final int MAX_LINE = 8 << 20;
  static final int MAX_DEPTH = 200;
  static final int MAX_NUMBER = 100;
  static final int MAX_NAME = 1000;

  private static final byte PLAIN = 0;
  private static final byte QUOTE = 1;
  private static final byte BACKSLASH = 2;
  private static final byte CONTROL = 3;
  private static final byte MULTIBYTE = 4;
  /** What each byte is inside a string. */
  private static final byte[] IN_STRING = new byte[256];

  static {
    for (int c = 0; c < 0x20; c++) {
      IN_STRING[c] = CONTROL;
    }
    IN_STRING['"'] = QUOTE;
    IN_STRING['\\'] = BACKSLASH;
    for (int c = 0x80; c < 0x100; c++) {
      IN_STRING[c] = MULTIBYTE;
    }
  }

  private static final int STRING = 1;
  private static final int INT = 2;
  private static final int FLOAT = 3;
  private static final int TRUE = 4;
  private static final int FALSE = 5;
  private static final int NULL = 6;
  private static final int NESTED = 7;

  private static final byte[] TRUE_BYTES = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE_BYTES = "false".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_BYTES = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PROPERTIES = "properties".getBytes(StandardCharsets.US_ASCII);
  private static final UTF8String TRUE_TEXT = UTF8String.fromString("true");
  private static final UTF8String FALSE_TEXT = UTF8String.fromString("false");
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final EventRowBuilder row;
  /** The line, then a {@code "} past its end so that every loop stops without a bounds check. */
  private byte[] b;
  private int end;
  private int pos;
  private byte[] scratch = new byte[256];

  // the value last read
  private int kind;
  private int valueStart;
  private UTF8String string;

  EventLineScanner(EventRowBuilder row) {
    this.row = row;
  }

  /**
   * Reads a line into the builder (which it starts).
   *
   * @return true when the line is an event read in full; false to leave the line to Jackson
   */
  boolean scan(byte[] line, int length) {
    if (length > MAX_LINE) {
      return false;
    }
    b = Arrays.copyOf(line, length + 1);
    b[length] = '"';
    end = length;
    pos = 0;
    row.startLine();
    return event();
  }

  private boolean event() {
    skipWhitespace();
    if (b[pos] != '{') {
      return false;
    }
    pos++;
    skipWhitespace();
    boolean event = false;
    boolean properties = false;
    while (true) {
      if (pos >= end || b[pos] != '"') {
        return false;
      }
      int start = pos + 1;
      int close = plainString(start);
      if (close < 0) {
        return false;
      }
      pos = close + 1;
      if (!colon()) {
        return false;
      }
      if (Arrays.equals(b, start, close, EVENT, 0, EVENT.length)) {
        if (event || pos >= end || b[pos] != '"' || !readString()) {
          return false;
        }
        event = true;
        row.name(string);
      } else if (Arrays.equals(b, start, close, PROPERTIES, 0, PROPERTIES.length)) {
        int from = pos;
        if (properties || b[pos] != '{' || !properties()) {
          return false;
        }
        row.propertiesAt(b, from, pos);
        properties = true;
      } else if (!skipValue(0)) {
        return false;
      }
      skipWhitespace();
      byte c = b[pos];
      if (c == ',') {
        pos++;
        skipWhitespace();
      } else if (c == '}') {
        pos++;
        break;
      } else {
        return false;
      }
    }
    skipWhitespace();
    return pos == end && event && properties && row.hasInsertId();
  }

  private boolean properties() {
    pos++;
    skipWhitespace();
    if (b[pos] == '}') {
      pos++;
      return true;
    }
    while (true) {
      if (pos >= end || b[pos] != '"') {
        return false;
      }
      EventRowBuilder.Key key = readName();
      if (key == null || !colon() || !readValue()) {
        return false;
      }
      put(key);
      skipWhitespace();
      byte c = b[pos];
      if (c == ',') {
        pos++;
        skipWhitespace();
      } else if (c == '}') {
        pos++;
        return true;
      } else {
        return false;
      }
    }
  }

  private EventRowBuilder.Key readName() {
    int start = pos + 1;
    int close = plainString(start);
    if (close >= 0) {
      if (close - start > MAX_NAME) {
        return null;
      }
      pos = close + 1;
      return row.key(b, start, close - start);
    }
    if (close == -1) {
      return null;
    }
    int length = decodeString(start);
    return length < 0 || length > MAX_NAME ? null : row.key(scratch, 0, length);
  }

  /** Puts the value just read where the Jackson path puts it. */
  private void put(EventRowBuilder.Key key) {
    int slot = key.standard;
    if (slot == EventRowBuilder.INSERT_ID) {
      row.insertId(
          switch (kind) {
            case STRING -> string.numBytes() == 0 ? null : string;
            case INT, FLOAT -> slice(valueStart, pos);
            default -> null;
          });
    } else if (slot < 0) {
      row.custom(key, text());
    } else if (kind == NULL) {
      row.standard(slot, null, null);
    } else if (row.isLong(slot)) {
      Long value =
          switch (kind) {
            case STRING -> canonicalLong(string);
            case INT -> integer();
            case FLOAT -> exactLong(ascii(valueStart, pos));
            default -> null;
          };
      row.standard(slot, value, value == null ? text() : null);
    } else if (kind == STRING) {
      row.standard(slot, string, null);
    } else if (kind == INT || kind == FLOAT) {
      row.standard(slot, slice(valueStart, pos), null);
    } else {
      row.standard(slot, null, text());
    }
  }

  /** The value as {@code custom_properties} holds it: a string itself, anything else its JSON text. */
  private UTF8String text() {
    return switch (kind) {
      case STRING -> string;
      case TRUE -> TRUE_TEXT;
      case FALSE -> FALSE_TEXT;
      case NULL -> null;
      default -> slice(valueStart, pos);
    };
  }

  /** Reads a value at {@code pos}: its kind, where it starts, and a string's text. */
  private boolean readValue() {
    valueStart = pos;
    switch (b[pos]) {
      case '"':
        kind = STRING;
        return pos < end && readString();
      case '{':
      case '[':
        kind = NESTED;
        return skipValue(0);
      case 't':
        kind = TRUE;
        return literal(TRUE_BYTES);
      case 'f':
        kind = FALSE;
        return literal(FALSE_BYTES);
      case 'n':
        kind = NULL;
        return literal(NULL_BYTES);
      default:
        kind = number();
        return kind != 0;
    }
  }

  /** Reads the string whose opening quote is at {@code pos} into {@link #string}. */
  private boolean readString() {
    int start = pos + 1;
    int close = plainString(start);
    if (close >= 0) {
      string = slice(start, close);
      pos = close + 1;
      return true;
    }
    if (close == -1) {
      return false;
    }
    int length = decodeString(start);
    if (length < 0) {
      return false;
    }
    string = UTF8String.fromBytes(Arrays.copyOf(scratch, length));
    return true;
  }

  /**
   * The index of the closing quote of a string starting at {@code start} with no escapes; -2 when
   * it has an escape; -1 when it is not a valid string (a control character, invalid UTF-8, no
   * closing quote).
   */
  private int plainString(int start) {
    int i = start;
    while (true) {
      byte c = b[i];
      switch (IN_STRING[c & 0xff]) {
        case PLAIN:
          i++;
          break;
        case QUOTE:
          return i < end ? i : -1;
        case MULTIBYTE:
          i = utf8Sequence(i);
          if (i < 0) {
            return -1;
          }
          break;
        case BACKSLASH:
          return -2;
        default:
          return -1;
      }
    }
  }

  /**
   * Decodes a string starting at {@code start} into {@link #scratch} and moves past its closing
   * quote.
   *
   * @return the length in bytes, or -1 when it is not a string the scanner reads
   */
  private int decodeString(int start) {
    int n = 0;
    int i = start;
    while (true) {
      if (scratch.length - n < 8) {
        scratch = Arrays.copyOf(scratch, scratch.length * 2);
      }
      byte c = b[i];
      switch (IN_STRING[c & 0xff]) {
        case PLAIN:
          scratch[n++] = c;
          i++;
          break;
        case QUOTE:
          if (i >= end) {
            return -1;
          }
          pos = i + 1;
          return n;
        case MULTIBYTE:
          int next = utf8Sequence(i);
          if (next < 0) {
            return -1;
          }
          while (i < next) {
            scratch[n++] = b[i++];
          }
          break;
        case BACKSLASH:
          if (i + 1 >= end) {
            return -1;
          }
          byte escaped = b[i + 1];
          i += 2;
          switch (escaped) {
            case '"', '\\', '/' -> scratch[n++] = escaped;
            case 'b' -> scratch[n++] = '\b';
            case 'f' -> scratch[n++] = '\f';
            case 'n' -> scratch[n++] = '\n';
            case 'r' -> scratch[n++] = '\r';
            case 't' -> scratch[n++] = '\t';
            case 'u' -> {
              int code = hex4(i);
              if (code < 0) {
                return -1;
              }
              i += 4;
              if (code >= 0xd800 && code <= 0xdbff) {
                int low = i + 6 <= end && b[i] == '\\' && b[i + 1] == 'u' ? hex4(i + 2) : -1;
                if (low < 0xdc00 || low > 0xdfff) {
                  return -1; // a lone surrogate: Jackson's text for it is not UTF-8
                }
                code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                i += 6;
              } else if (code >= 0xdc00 && code <= 0xdfff) {
                return -1;
              }
              n = putUtf8(code, n);
            }
            default -> {
              return -1;
            }
          }
          break;
        default:
          return -1;
      }
    }
  }

  private int putUtf8(int code, int n) {
    if (code < 0x80) {
      scratch[n++] = (byte) code;
    } else if (code < 0x800) {
      scratch[n++] = (byte) (0xc0 | (code >> 6));
      scratch[n++] = (byte) (0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      scratch[n++] = (byte) (0xe0 | (code >> 12));
      scratch[n++] = (byte) (0x80 | ((code >> 6) & 0x3f));
      scratch[n++] = (byte) (0x80 | (code & 0x3f));
    } else {
      scratch[n++] = (byte) (0xf0 | (code >> 18));
      scratch[n++] = (byte) (0x80 | ((code >> 12) & 0x3f));
      scratch[n++] = (byte) (0x80 | ((code >> 6) & 0x3f));
      scratch[n++] = (byte) (0x80 | (code & 0x3f));
    }
    return n;
  }

  /** The four hex digits at {@code i} as a number, or -1. */
  private int hex4(int i) {
    if (i + 4 > end) {
      return -1;
    }
    int value = 0;
    for (int k = i; k < i + 4; k++) {
      int digit = Character.digit(b[k], 16);
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  private int utf8Sequence(int i) {
    return utf8Sequence(b, i, end);
  }

  /** The index after the valid UTF-8 sequence at {@code i} in {@code b}, or -1 if there is none. */
  static int utf8Sequence(byte[] b, int i, int end) {
    int lead = b[i] & 0xff;
    int extra;
    int min = 0x80;
    int max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      extra = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      extra = 2;
      min = lead == 0xe0 ? 0xa0 : 0x80;
      max = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      extra = 3;
      min = lead == 0xf0 ? 0x90 : 0x80;
      max = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
      return -1;
    }
    if (i + extra >= end) {
      return -1;
    }
    int second = b[i + 1] & 0xff;
    if (second < min || second > max) {
      return -1;
    }
    for (int k = 2; k <= extra; k++) {
      int continuation = b[i + k] & 0xff;
      if (continuation < 0x80 || continuation > 0xbf) {
        return -1;
      }
    }
    return i + extra + 1;
  }

  /** Skips any JSON value at {@code pos}, checking it as strictly as Jackson or more. */
  private boolean skipValue(int depth) {
    byte c = b[pos];
    if (c == '"') {
      return pos < end && skipString() >= 0;
    }
    if (c == '{' || c == '[') {
      if (depth >= MAX_DEPTH) {
        return false;
      }
      byte close = c == '{' ? (byte) '}' : (byte) ']';
      pos++;
      skipWhitespace();
      if (b[pos] == close) {
        pos++;
        return true;
      }
      while (true) {
        if (c == '{') {
          if (pos >= end || b[pos] != '"') {
            return false;
          }
          int start = pos;
          if (skipString() < 0 || pos - start > MAX_NAME || !pairedSurrogates(start + 1, pos - 1)
              || !colon()) {
            return false;
          }
        }
        if (!skipValue(depth + 1)) {
          return false;
        }
        skipWhitespace();
        byte next = b[pos];
        if (next == ',') {
          pos++;
          skipWhitespace();
        } else if (next == close) {
          pos++;
          return true;
        } else {
          return false;
        }
      }
    }
    return switch (c) {
      case 't' -> literal(TRUE_BYTES);
      case 'f' -> literal(FALSE_BYTES);
      case 'n' -> literal(NULL_BYTES);
      default -> number() != 0;
    };
  }

  /**
   * Whether every surrogate escape in the valid string text from {@code from} to {@code to} (the
   * closing quote) is half of a pair, the high one first.
   */
  private boolean pairedSurrogates(int from, int to) {
    int i = from;
    while (i < to) {
      if (b[i] != '\\') {
        i++;
      } else if (b[i + 1] != 'u') {
        i += 2;
      } else {
        int code = hex4(i + 2);
        if (code >= 0xdc00 && code <= 0xdfff) {
          return false;
        }
        if (code >= 0xd800 && code <= 0xdbff) {
          int low = i + 12 <= to && b[i + 6] == '\\' && b[i + 7] == 'u' ? hex4(i + 8) : -1;
          if (low < 0xdc00 || low > 0xdfff) {
            return false;
          }
          i += 6;
        }
        i += 6;
      }
    }
    return true;
  }

  /** Moves past the string whose opening quote is at {@code pos}; -1 if it is not valid. */
  private int skipString() {
    int i = pos + 1;
    while (true) {
      byte c = b[i];
      switch (IN_STRING[c & 0xff]) {
        case PLAIN:
          i++;
          break;
        case QUOTE:
          if (i >= end) {
            return -1;
          }
          pos = i + 1;
          return 0;
        case MULTIBYTE:
          i = utf8Sequence(i);
          if (i < 0) {
            return -1;
          }
          break;
        case BACKSLASH:
          if (i + 1 >= end) {
            return -1;
          }
          switch (b[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
            case 'u' -> {
              // any code unit, surrogates too: a skipped string is kept as the bytes sent
              if (hex4(i + 2) < 0) {
                return -1;
              }
              i += 6;
            }
            default -> {
              return -1;
            }
          }
          break;
        default:
          return -1;
      }
    }
  }

  /**
   * Moves past a number in JSON's grammar at {@code pos}, {@code
   * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}.
   *
   * @return {@link #INT}, {@link #FLOAT}, or 0 when there is no such number
   */
  private int number() {
    int start = pos;
    int i = pos;
    if (b[i] == '-') {
      i++;
    }
    i = b[i] == '0' ? i + 1 : digits(i);
    if (i < 0) {
      return 0;
    }
    boolean fraction = false;
    if (b[i] == '.') {
      i = digits(i + 1);
      if (i < 0) {
        return 0;
      }
      fraction = true;
    }
    if (b[i] == 'e' || b[i] == 'E') {
      i++;
      if (b[i] == '+' || b[i] == '-') {
        i++;
      }
      i = digits(i);
      if (i < 0) {
        return 0;
      }
      fraction = true;
    }
    if (i - start > MAX_NUMBER) {
      return 0;
    }
    pos = i;
    return fraction ? FLOAT : INT;
  }

  /** The index after the one or more digits at {@code i}, or -1 if there is none there. */
  private int digits(int i) {
    if (!isDigit(b[i])) {
      return -1;
    }
    do {
      i++;
    } while (isDigit(b[i]));
    return i;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private boolean literal(byte[] word) {
    if (pos + word.length > end || !Arrays.equals(b, pos, pos + word.length, word, 0, word.length)) {
      return false;
    }
    pos += word.length;
    return true;
  }

  private boolean colon() {
    skipWhitespace();
    if (b[pos] != ':') {
      return false;
    }
    pos++;
    skipWhitespace();
    return true;
  }

  private void skipWhitespace() {
    while (true) {
      byte c = b[pos];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        pos++;
      } else {
        return;
      }
    }
  }

  private UTF8String slice(int start, int stop) {
    return UTF8String.fromAddress(b, Platform.BYTE_ARRAY_OFFSET + start, stop - start);
  }

  private String ascii(int start, int stop) {
    return new String(b, start, stop - start, StandardCharsets.US_ASCII);
  }

  /** An integer token's value, or null when it is beyond a long (as the Jackson path reads it). */
  private Long integer() {
    int i = valueStart;
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    if (pos - i > 18) {
      return exactLong(ascii(valueStart, pos));
    }
    long value = 0;
    for (; i < pos; i++) {
      value = value * 10 + (b[i] - '0');
    }
    return negative ? -value : value;
  }

  /** The number a string is the canonical text of, or {@code null}. */
  static Long canonicalLong(UTF8String text) {
    int length = text.numBytes();
    if (length == 0 || length > 20) {
      return null;
    }
    byte first = text.getByte(0);
    if (first != '-' && !isDigit(first)) {
      return null;
    }
    return canonicalLong(text.toString());
  }

  /** The number a string is the canonical text of, or {@code null}. */
  static Long canonicalLong(String text) {
    try {
      long parsed = Long.parseLong(text);
      return Long.toString(parsed).equals(text) ? parsed : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The long a number's text is exactly (1e3, 1.0), or {@code null}: a fraction, out of range. */
  static Long exactLong(String number) {
    try {
      BigDecimal value = new BigDecimal(number);
      if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
        return null;
      }
      return value.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return null; // e.g. an exponent beyond an int: no long either
    }
  }
}
