package org.mixpanellakeflow.client;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A JSON number kept as the exact text Mixpanel sent: what the parsers give for every number that
 * a {@code Long} cannot hold without changing its text (fractions, exponents, integers beyond 64
 * bits, {@code -0}). {@link #toString()} is that text, so writing the value back out reproduces
 * the bytes; the {@link Number} methods convert (and may round) on request.
 */
public final class JsonNumber extends Number {

  private static final long serialVersionUID = 1L;

  private final String text;

  /** @param text a JSON number literal, as received */
  public JsonNumber(String text) {
    this.text = Objects.requireNonNull(text, "text is null");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a JSON number cannot be empty");
    }
  }

  /** The number as Mixpanel wrote it, e.g. {@code 1e3} or {@code 12345678901234567890123}. */
  public String text() {
    return text;
  }

  /** The exact value. */
  public BigDecimal exact() {
    return new BigDecimal(text);
  }

  @Override
  public int intValue() {
    return exact().intValue();
  }

  @Override
  public long longValue() {
    return exact().longValue();
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
  public boolean equals(Object other) {
    return other instanceof JsonNumber that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
