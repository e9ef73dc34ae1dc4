package org.mixpanellakeflow.emulator;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed segmentation expression, the {@code where} of export and engage: property access
 * ({@code properties["x"]}, {@code event["x"]}, {@code user["x"]}), literals, lists, {@code + - *
 * / %}, comparisons, {@code in} and {@code not in}, {@code and}, {@code or}, {@code not},
 * {@code defined()}, {@code number() string() boolean() datetime()}, {@code floor() round()
 * ceil()}. Value semantics are in {@link WhereValues}. Immutable and thread safe.
 */
final class WhereExpression {
  private static final Set<String> PROPERTY_ROOTS = Set.of("properties", "event", "user");
  private static final Set<String> FUNCTIONS =
      Set.of("defined", "number", "string", "boolean", "datetime", "floor", "round", "ceil");

  /** What an expression reads: one event's or profile's properties. */
  interface Scope {
    /** The value of a property ({@link WhereValues#fromData} applied), or {@link WhereValues#UNDEFINED}. */
    Object property(String name);

    /** The zone a {@code datetime("...")} wall-clock string is read in. */
    ZoneId zone();
  }

  private interface Node {
    Object eval(Scope scope);
  }

  private final String text;
  private final Node root;

  private WhereExpression(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming the problem and its position. */
  static WhereExpression parse(String text) {
    Objects.requireNonNull(text, "text is null");
    Parser parser = new Parser(WhereTokens.tokenize(text), text);
    Node root = parser.or();
    parser.expectEnd();
    return new WhereExpression(text, root);
  }

  boolean matches(Scope scope) {
    return WhereValues.truthy(root.eval(scope));
  }

  Object evaluate(Scope scope) {
    return root.eval(scope);
  }

  @Override
  public String toString() {
    return text;
  }

  /** Recursive descent, loosest binding first: or, and, not, comparison, sum, product, sign. */
  private static final class Parser {
    private final List<WhereTokens.Token> tokens;
    private final String text;
    private int position;

    Parser(List<WhereTokens.Token> tokens, String text) {
      this.tokens = tokens;
      this.text = text;
    }

    Node or() {
      Node left = and();
      while (acceptWord("or")) {
        Node l = left;
        Node r = and();
        left = scope -> WhereValues.truthy(l.eval(scope)) || WhereValues.truthy(r.eval(scope));
      }
      return left;
    }

    private Node and() {
      Node left = not();
      while (acceptWord("and")) {
        Node l = left;
        Node r = not();
        left = scope -> WhereValues.truthy(l.eval(scope)) && WhereValues.truthy(r.eval(scope));
      }
      return left;
    }

    private Node not() {
      if (acceptWord("not")) {
        Node operand = not();
        return scope -> !WhereValues.truthy(operand.eval(scope));
      }
      return comparison();
    }

    private Node comparison() {
      Node left = sum();
      WhereTokens.Token token = peek();
      if (token.isSymbol("==", "!=", "<", "<=", ">", ">=")) {
        position++;
        Node right = sum();
        String op = token.text();
        return switch (op) {
          case "==" -> scope -> WhereValues.equal(left.eval(scope), right.eval(scope));
          case "!=" -> scope -> WhereValues.notEqual(left.eval(scope), right.eval(scope));
          default -> scope -> WhereValues.compare(left.eval(scope), right.eval(scope), op);
        };
      }
      if (acceptWord("in")) {
        Node right = sum();
        return scope -> WhereValues.in(left.eval(scope), right.eval(scope));
      }
      if (peek().isWord("not") && peekAhead().isWord("in")) {
        position += 2;
        Node right = sum();
        return scope -> {
          Object in = WhereValues.in(left.eval(scope), right.eval(scope));
          return in == WhereValues.UNDEFINED ? in : !((Boolean) in);
        };
      }
      return left;
    }

    private Node sum() {
      Node left = product();
      while (peek().isSymbol("+", "-")) {
        String op = tokens.get(position++).text();
        Node l = left;
        Node r = product();
        left = scope -> WhereValues.arithmetic(l.eval(scope), r.eval(scope), op);
      }
      return left;
    }

    private Node product() {
      Node left = sign();
      while (peek().isSymbol("*", "/", "%")) {
        String op = tokens.get(position++).text();
        Node l = left;
        Node r = sign();
        left = scope -> WhereValues.arithmetic(l.eval(scope), r.eval(scope), op);
      }
      return left;
    }

    private Node sign() {
      if (peek().isSymbol("-")) {
        position++;
        Node operand = sign();
        return scope -> WhereValues.negate(operand.eval(scope));
      }
      return primary();
    }

    private Node primary() {
      WhereTokens.Token token = tokens.get(position++);
      switch (token.kind()) {
        case NUMBER -> {
          Double value = Double.valueOf(token.text());
          return scope -> value;
        }
        case STRING -> {
          String value = token.text();
          return scope -> value;
        }
        case SYMBOL -> {
          if (token.isSymbol("(")) {
            Node inner = or();
            expectSymbol(")");
            return inner;
          }
          if (token.isSymbol("[")) {
            return list();
          }
          throw problem(token, "unexpected '" + token.text() + "'");
        }
        case WORD -> {
          return word(token);
        }
        default -> throw problem(token, "the expression ends too early");
      }
    }

    private Node word(WhereTokens.Token token) {
      String word = token.text().toLowerCase(Locale.ROOT);
      switch (word) {
        case "true":
          return scope -> Boolean.TRUE;
        case "false":
          return scope -> Boolean.FALSE;
        case "null":
          return scope -> null;
        default:
          break;
      }
      if (PROPERTY_ROOTS.contains(word) && peek().isSymbol("[")) {
        position++;
        WhereTokens.Token name = tokens.get(position++);
        if (name.kind() != WhereTokens.Kind.STRING) {
          throw problem(name, "expected a quoted property name after " + token.text() + "[");
        }
        expectSymbol("]");
        String property = name.text();
        return scope -> scope.property(property);
      }
      if (FUNCTIONS.contains(word) && peek().isSymbol("(")) {
        position++;
        Node argument = or();
        expectSymbol(")");
        return function(word, argument);
      }
      throw problem(token, "unknown name '" + token.text() + "'; use properties[\"name\"], a literal or one of "
          + "the functions " + String.join(", ", new TreeSet<>(FUNCTIONS)));
    }

    private static Node function(String name, Node argument) {
      return switch (name) {
        case "defined" -> scope -> argument.eval(scope) != WhereValues.UNDEFINED;
        case "number" -> scope -> WhereValues.toNumber(argument.eval(scope));
        case "string" -> scope -> WhereValues.toText(argument.eval(scope));
        case "boolean" -> scope -> WhereValues.truthy(argument.eval(scope));
        case "datetime" -> scope -> WhereValues.toDateTime(argument.eval(scope), scope.zone());
        default -> scope -> WhereValues.rounding(argument.eval(scope), name);
      };
    }

    private Node list() {
      List<Node> elements = new ArrayList<>();
      if (!peek().isSymbol("]")) {
        do {
          elements.add(or());
        } while (acceptSymbol(","));
      }
      expectSymbol("]");
      return scope -> {
        List<Object> values = new ArrayList<>(elements.size());
        for (Node element : elements) {
          values.add(element.eval(scope));
        }
        return values;
      };
    }

    void expectEnd() {
      if (peek().kind() != WhereTokens.Kind.END) {
        throw problem(peek(), "unexpected '" + peek().text() + "' after a complete expression");
      }
    }

    private boolean acceptWord(String word) {
      if (peek().isWord(word)) {
        position++;
        return true;
      }
      return false;
    }

    private boolean acceptSymbol(String symbol) {
      if (peek().isSymbol(symbol)) {
        position++;
        return true;
      }
      return false;
    }

    private void expectSymbol(String symbol) {
      if (!acceptSymbol(symbol)) {
        WhereTokens.Token found = peek();
        throw problem(found, "expected '" + symbol + "' but found "
            + (found.kind() == WhereTokens.Kind.END ? "the end" : "'" + found.text() + "'"));
      }
    }

    private WhereTokens.Token peek() {
      return tokens.get(position);
    }

    private WhereTokens.Token peekAhead() {
      return tokens.get(Math.min(position + 1, tokens.size() - 1));
    }

    private IllegalArgumentException problem(WhereTokens.Token token, String message) {
      return WhereTokens.problem(text, token.offset(), message);
    }
  }
}
