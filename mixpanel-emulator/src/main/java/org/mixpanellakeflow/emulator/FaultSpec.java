package org.mixpanellakeflow.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scripted faults written as text, for command lines: {@code PATH=FAULT[@NTH][xTIMES|xall]}.
 *
 * <p>FAULT is an error status ({@code 503}), {@code rate-limited} or {@code rate-limited:SECONDS},
 * {@code plan-gate}, {@code reset-lines:N}, {@code reset-bytes:N}, {@code terminated-early:N},
 * {@code split-record:N} or {@code slow:MILLIS}. Examples: {@code /api/2.0/export=503@2x3} fails
 * the 2nd to 4th exports; {@code /api/query/*=plan-gate xall} gates the whole Query API.
 */
public final class FaultSpec {
  static final String FORMAT = "PATH=FAULT[@NTH][xTIMES|xall], e.g. /api/2.0/export=503@2x3;"
      + " FAULT is a status (500), rate-limited[:SECONDS], plan-gate, reset-lines:N, reset-bytes:N,"
      + " terminated-early:N, split-record:N or slow:MILLIS";
  private static final Pattern SPEC =
      Pattern.compile("(/[^=\\s]*)=([a-z0-9-]+?)(?::(\\d+))?(?:@(\\d+))?(?:\\s*x(\\d+|all))?");

  private FaultSpec() {}

  /** Adds the rule {@code spec} describes to {@code script}; throws naming the spec when malformed. */
  public static void apply(String spec, FaultScript script) {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(script, "script is null");
    Matcher matcher = SPEC.matcher(spec.strip());
    if (!matcher.matches()) {
      throw invalid(spec, "it does not have the form " + FORMAT);
    }
    Fault fault = fault(spec, matcher.group(2), matcher.group(3));
    FaultScript.RuleBuilder rule = script.on(matcher.group(1));
    if (matcher.group(4) != null) {
      rule.nth(positive(spec, matcher.group(4)));
    }
    if ("all".equals(matcher.group(5))) {
      rule.always();
    } else if (matcher.group(5) != null) {
      rule.times(positive(spec, matcher.group(5)));
    }
    rule.respond(fault);
  }

  private static Fault fault(String spec, String kind, String argument) {
    if (kind.matches("\\d{3}")) {
      return Fault.status(Integer.parseInt(kind));
    }
    return switch (kind) {
      case "rate-limited" -> argument == null ? Fault.rateLimited() : Fault.rateLimited(Duration.ofSeconds(number(spec, argument)));
      case "plan-gate" -> Fault.planGate();
      case "reset-lines" -> Fault.resetAfterLines(required(spec, kind, argument));
      case "reset-bytes" -> Fault.resetAfterBytes(required(spec, kind, argument));
      case "terminated-early" -> Fault.terminatedEarly(required(spec, kind, argument));
      case "split-record" -> Fault.splitRecord(required(spec, kind, argument));
      case "slow" -> Fault.slowBody(Duration.ofMillis(required(spec, kind, argument)));
      default -> throw invalid(spec, "unknown fault '" + kind + "'; expected " + FORMAT);
    };
  }

  private static int required(String spec, String kind, String argument) {
    if (argument == null) {
      throw invalid(spec, kind + " needs a number, e.g. " + kind + ":10");
    }
    return number(spec, argument);
  }

  private static int positive(String spec, String value) {
    int number = number(spec, value);
    if (number < 1) {
      throw invalid(spec, "counts start at 1");
    }
    return number;
  }

  private static int number(String spec, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid(spec, "'" + value + "' is not a number up to " + Integer.MAX_VALUE);
    }
  }

  private static IllegalArgumentException invalid(String spec, String problem) {
    return new IllegalArgumentException("Invalid fault '" + spec + "': " + problem);
  }
}
