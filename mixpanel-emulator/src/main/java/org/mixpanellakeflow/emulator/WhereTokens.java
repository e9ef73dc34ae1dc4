package org.mixpanellakeflow.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Splits a segmentation expression into tokens; strings take single or double quotes. */
final class WhereTokens {
  enum Kind {
    NUMBER,
    STRING,
    WORD,
    SYMBOL,
    END
  }

  record Token(Kind kind, String text, int offset) {
    boolean isSymbol(String... symbols) {
      if (kind != Kind.SYMBOL) {
        return false;
      }
      for (String symbol : symbols) {
        if (symbol.equals(text)) {
          return true;
        }
      }
      return false;
    }

    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }
  }

  private static final Set<String> TWO_CHAR_SYMBOLS = Set.of("==", "!=", "<=", ">=");
  private static final String ONE_CHAR_SYMBOLS = "()[],<>+-*/%";

  private WhereTokens() {}

  static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'') {
        i = string(text, i, tokens);
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
        i = number(text, i, tokens);
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '$')) {
          i++;
        }
        tokens.add(new Token(Kind.WORD, text.substring(start, i), start));
      } else if (i + 1 < text.length() && TWO_CHAR_SYMBOLS.contains(text.substring(i, i + 2))) {
        tokens.add(new Token(Kind.SYMBOL, text.substring(i, i + 2), i));
        i += 2;
      } else if (ONE_CHAR_SYMBOLS.indexOf(c) >= 0) {
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
        i++;
      } else {
        throw problem(text, i, "unexpected character '" + c + "'" + (c == '=' ? "; compare with ==" : ""));
      }
    }
    tokens.add(new Token(Kind.END, "", text.length()));
    return tokens;
  }

  static IllegalArgumentException problem(String text, int offset, String message) {
    return new IllegalArgumentException(
        "Invalid where expression '" + text + "' at character " + (offset + 1) + ": " + message);
  }

  private static int string(String text, int start, List<Token> tokens) {
    char quote = text.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == quote) {
        tokens.add(new Token(Kind.STRING, value.toString(), start));
        return i + 1;
      }
      if (c == '\\' && i + 1 < text.length()) {
        char escaped = text.charAt(i + 1);
        value.append(switch (escaped) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> escaped;
        });
        i += 2;
      } else {
        value.append(c);
        i++;
      }
    }
    throw problem(text, start, "the string is not closed; end it with " + quote);
  }

  private static int number(String text, int start, List<Token> tokens) {
    int i = start;
    while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
      i++;
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      int exponent = i + 1;
      if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
        exponent++;
      }
      if (exponent < text.length() && Character.isDigit(text.charAt(exponent))) {
        i = exponent;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          i++;
        }
      }
    }
    String literal = text.substring(start, i);
    try {
      Double.parseDouble(literal);
    } catch (NumberFormatException e) {
      throw problem(text, start, "'" + literal + "' is not a number");
    }
    tokens.add(new Token(Kind.NUMBER, literal, start));
    return i;
  }
}
