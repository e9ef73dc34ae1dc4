package org.mixpanellakeflow.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scripted faults of an emulator: rules that inject a {@link Fault} into matching requests.
 *
 * <pre>{@code
 * emulator.faults().on("/api/2.0/export").withParam("from_date", "2024-06-01")
 *     .nth(2).times(3).respond(Fault.status(503));   // the 2nd, 3rd and 4th matching requests
 * emulator.faults().on("/api/query/engage").always().respond(Fault.planGate());
 * }</pre>
 *
 * <p>A path matches with or without a trailing slash; a path ending in {@code *} matches every
 * path with that prefix. Every rule counts the requests it matches; when several rules are due
 * on one request, the one added first fires. Faults apply to requests that passed routing,
 * authentication and the region check, before rate limits; the request log names the fault.
 * Thread safe.
 */
public final class FaultScript {
  private final List<Rule> rules = new ArrayList<>();

  FaultScript() {}

  /** Starts a rule for requests to {@code path}, e.g. {@code /api/2.0/export} or {@code /api/query/*}. */
  public RuleBuilder on(String path) {
    Objects.requireNonNull(path, "path is null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("Invalid fault path '" + path + "': start it with /, e.g. /api/2.0/export");
    }
    return new RuleBuilder(normalize(path));
  }

  /** Removes every rule, fired or not. */
  public synchronized void clear() {
    rules.clear();
  }

  /** How many more times the rules will fire; -1 when a rule fires on every match from now on. */
  public synchronized long pendingFirings() {
    long pending = 0;
    for (Rule rule : rules) {
      if (rule.times < 0) {
        return -1;
      }
      pending += Math.max(0, rule.times - rule.fired);
    }
    return pending;
  }

  /** The fault due for this request, or null; counts the request against every matching rule. */
  synchronized Fault next(String path, Map<String, String> params) {
    String normalized = normalize(path);
    Fault due = null;
    for (Rule rule : rules) {
      if (rule.matches(normalized, params)) {
        rule.matched++;
        boolean fires = rule.matched >= rule.nth && (rule.times < 0 || rule.fired < rule.times);
        if (fires && due == null) {
          rule.fired++;
          due = rule.fault;
        }
      }
    }
    return due;
  }

  private synchronized void add(Rule rule) {
    rules.add(rule);
  }

  private static String normalize(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static final class Rule {
    private final String path;
    private final Map<String, String> params;
    private final int nth;
    private final int times;
    private final Fault fault;
    private int matched;
    private int fired;

    Rule(String path, Map<String, String> params, int nth, int times, Fault fault) {
      this.path = path;
      this.params = Map.copyOf(params);
      this.nth = nth;
      this.times = times;
      this.fault = fault;
    }

    boolean matches(String candidate, Map<String, String> requestParams) {
      boolean pathMatches = path.endsWith("*")
          ? candidate.startsWith(path.substring(0, path.length() - 1))
          : path.equals(candidate);
      if (!pathMatches) {
        return false;
      }
      for (Map.Entry<String, String> param : params.entrySet()) {
        if (!param.getValue().equals(requestParams.get(param.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Configures one rule; {@link #respond} adds it. Not thread safe. */
  public final class RuleBuilder {
    private final String path;
    private final Map<String, String> params = new LinkedHashMap<>();
    private int nth = 1;
    private int times = 1;

    private RuleBuilder(String path) {
      this.path = path;
    }

    /** Only requests whose parameter {@code name} (query, form or JSON body) equals {@code value}. */
    public RuleBuilder withParam(String name, String value) {
      params.put(Objects.requireNonNull(name, "name is null"), Objects.requireNonNull(value, "value is null"));
      return this;
    }

    /** The first matching request to fail is the {@code n}-th (1-based); default the first. */
    public RuleBuilder nth(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("Invalid nth " + n + ": matching requests count from 1");
      }
      this.nth = n;
      return this;
    }

    /** How many matching requests in a row fail; default 1. */
    public RuleBuilder times(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("Invalid times " + count + ": use 1 or more, or always()");
      }
      this.times = count;
      return this;
    }

    /** Every matching request fails, from the {@link #nth} on. */
    public RuleBuilder always() {
      this.times = -1;
      return this;
    }

    /** Adds the rule. */
    public void respond(Fault fault) {
      add(new Rule(path, params, nth, times, Objects.requireNonNull(fault, "fault is null")));
    }
  }
}
