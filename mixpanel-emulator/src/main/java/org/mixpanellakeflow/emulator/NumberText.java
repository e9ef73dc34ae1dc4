package org.mixpanellakeflow.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A JSON number kept as the text it was sent in ({@code 1e3}, {@code -1.50}, {@code
 * 12345678901234567890123}), so the emulator serves back exactly the bytes it received.
 * Expressions and profile arithmetic read it as a number; two are equal when their values are.
 * Immutable.
 */
final class NumberText extends Number implements JsonSerializable {
  private static final long serialVersionUID = 1L;

  private final String text;

  /** {@code text} must be a JSON number token, as a JSON parser reports it. */
  NumberText(String text) {
    this.text = Objects.requireNonNull(text, "text is null");
  }

  /** Whether the text is an integer token: no fraction and no exponent, as JSON parsers judge it. */
  boolean isIntegral() {
    return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
  }

  /**
   * The value a client gets from this text with Jackson and {@code USE_LONG_FOR_INTS}: a {@code
   * Long} for an integer token that fits, a {@code BigInteger} for a longer one, a {@code Double}
   * for a token with a fraction or an exponent.
   */
  Number plain() {
    if (!isIntegral()) {
      return Double.parseDouble(text);
    }
    BigInteger value = new BigInteger(text);
    return value.bitLength() < Long.SIZE ? (Number) value.longValue() : value;
  }

  @Override
  public int intValue() {
    return (int) longValue();
  }

  @Override
  public long longValue() {
    return isIntegral() ? new BigInteger(text).longValue() : (long) doubleValue();
  }

  @Override
  public float floatValue() {
    return (float) doubleValue();
  }

  @Override
  public double doubleValue() {
    return Double.parseDouble(text);
  }

  @Override
  public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
    generator.writeNumber(text);
  }

  @Override
  public void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer type)
      throws IOException {
    generator.writeNumber(text);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NumberText number && decimal().compareTo(number.decimal()) == 0;
  }

  @Override
  public int hashCode() {
    return decimal().stripTrailingZeros().hashCode();
  }

  /** The text itself, e.g. {@code 1e3}. */
  @Override
  public String toString() {
    return text;
  }

  private BigDecimal decimal() {
    return new BigDecimal(text);
  }
}
