package com.chittysync.emulators.sheets;

import com.chittysync.emulators.sheets.Formula.Kind;
import com.chittysync.emulators.sheets.Formula.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokenizer and recursive-descent parser for the formula subset the emulator evaluates. Precedence,
 * loosest first: comparison, {@code &}, {@code + -}, {@code * /}, {@code ^}, unary minus, {@code
 * %}.
 */
final class FormulaParser {
  private static final Pattern CELL = Pattern.compile("(\\$?)([A-Za-z]{1,3})(\\$?)([0-9]{1,7})");
  private static final Pattern COLUMN = Pattern.compile("(\\$?)([A-Za-z]{1,3})");
  private static final Set<String> ERRORS =
      Set.of("#REF!", "#N/A", "#NAME?", "#VALUE!", "#DIV/0!", "#NUM!", "#ERROR!", "#NULL!");

  private final List<Token> tokens;
  private int pos;

  FormulaParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  // ---- tokenizer ----

  /** Tokens of {@code body} (the text after {@code =}), or null when it cannot be tokenized. */
  static List<Token> tokenize(String body) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = body.length();
    while (i < n) {
      char ch = body.charAt(i);
      if (Character.isWhitespace(ch)) {
        int j = i;
        while (j < n && Character.isWhitespace(body.charAt(j))) {
          j++;
        }
        out.add(new Token(Kind.SPACE, body.substring(i, j), null));
        i = j;
      } else if (ch == '"') {
        int j = i + 1;
        while (true) {
          if (j >= n) {
            return null;
          }
          if (body.charAt(j) == '"') {
            if (j + 1 < n && body.charAt(j + 1) == '"') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        out.add(new Token(Kind.STRING, body.substring(i, j + 1), null));
        i = j + 1;
      } else if (Character.isDigit(ch)
          || (ch == '.' && i + 1 < n && Character.isDigit(body.charAt(i + 1)))) {
        int j = i;
        while (j < n && (Character.isDigit(body.charAt(j)) || body.charAt(j) == '.')) {
          j++;
        }
        if (j < n && (body.charAt(j) == 'e' || body.charAt(j) == 'E')) {
          int k = j + 1;
          if (k < n && (body.charAt(k) == '+' || body.charAt(k) == '-')) {
            k++;
          }
          if (k < n && Character.isDigit(body.charAt(k))) {
            while (k < n && Character.isDigit(body.charAt(k))) {
              k++;
            }
            j = k;
          }
        }
        String text = body.substring(i, j);
        try {
          Double.parseDouble(text);
        } catch (NumberFormatException e) {
          return null;
        }
        out.add(new Token(Kind.NUMBER, text, null));
        i = j;
      } else if (ch == '#') {
        String match = null;
        for (String e : ERRORS) {
          if (body.regionMatches(true, i, e, 0, e.length())) {
            match = e;
          }
        }
        if (match == null) {
          return null;
        }
        out.add(new Token(Kind.ERROR, match, null));
        i += match.length();
      } else if (Character.isLetter(ch) || ch == '$' || ch == '_') {
        int j = word(body, i);
        String w = body.substring(i, j);
        if (j < n && body.charAt(j) == '(') {
          out.add(new Token(Kind.FUNC, w, null));
          i = j;
          continue;
        }
        if (j < n && body.charAt(j) == '!') {
          return null; // references to other tabs are not emulated
        }
        Ref ref = null;
        int end = j;
        if (j < n && body.charAt(j) == ':') {
          int k = word(body, j + 1);
          ref = range(w, body.substring(j + 1, k));
          end = k;
        }
        if (ref == null) {
          end = j;
          Matcher m = CELL.matcher(w);
          if (m.matches() && row(m.group(4)) >= 0) {
            ref =
                Ref.cell(
                    row(m.group(4)),
                    A1.columnIndex(m.group(2)),
                    !m.group(3).isEmpty(),
                    !m.group(1).isEmpty());
          }
        }
        if (ref != null) {
          out.add(new Token(Kind.REF, body.substring(i, end), ref));
          i = end;
        } else if (w.equalsIgnoreCase("TRUE") || w.equalsIgnoreCase("FALSE")) {
          out.add(new Token(Kind.BOOL, w, null));
          i = j;
        } else if (w.contains("$")) {
          return null;
        } else {
          out.add(new Token(Kind.NAME, w, null));
          i = j;
        }
      } else if (ch == '(') {
        out.add(new Token(Kind.LPAREN, "(", null));
        i++;
      } else if (ch == ')') {
        out.add(new Token(Kind.RPAREN, ")", null));
        i++;
      } else if (ch == ',') {
        out.add(new Token(Kind.COMMA, ",", null));
        i++;
      } else if (ch == '<' || ch == '>') {
        String op = String.valueOf(ch);
        if (i + 1 < n && (body.charAt(i + 1) == '=' || (ch == '<' && body.charAt(i + 1) == '>'))) {
          op = body.substring(i, i + 2);
        }
        out.add(new Token(Kind.OP, op, null));
        i += op.length();
      } else if ("+-*/^&=%".indexOf(ch) >= 0) {
        out.add(new Token(Kind.OP, String.valueOf(ch), null));
        i++;
      } else {
        return null;
      }
    }
    return out;
  }

  private static int word(String s, int i) {
    int j = i;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (Character.isLetterOrDigit(c) || c == '$' || c == '_' || c == '.') {
        j++;
      } else {
        break;
      }
    }
    return j;
  }

  private static int row(String digits) {
    return Integer.parseInt(digits) - 1;
  }

  /** {@code A1:B2}, {@code A:B}, {@code A2:B}; null otherwise. */
  private static Ref range(String a, String b) {
    int[] p = endpoint(a);
    int[] q = endpoint(b);
    if (p == null || q == null) {
      return null;
    }
    int r1 = p[0];
    int r2 = q[0];
    if (r1 == Ref.OPEN && r2 != Ref.OPEN) {
      return null; // "A:B2" is not emulated
    }
    int c1 = p[1];
    int c2 = q[1];
    boolean ar1 = p[2] == 1;
    boolean ac1 = p[3] == 1;
    boolean ar2 = q[2] == 1;
    boolean ac2 = q[3] == 1;
    if (c1 > c2) {
      int t = c1;
      c1 = c2;
      c2 = t;
    }
    if (r1 != Ref.OPEN && r2 != Ref.OPEN && r1 > r2) {
      int t = r1;
      r1 = r2;
      r2 = t;
    }
    return new Ref(r1, c1, ar1, ac1, r2, c2, ar2, ac2, true, false);
  }

  /** {row or OPEN, col, absRow, absCol}; null when not a cell or column. */
  private static int[] endpoint(String s) {
    Matcher m = CELL.matcher(s);
    if (m.matches()) {
      int row = row(m.group(4));
      return row < 0
          ? null
          : new int[] {
            row,
            A1.columnIndex(m.group(2)),
            m.group(3).isEmpty() ? 0 : 1,
            m.group(1).isEmpty() ? 0 : 1
          };
    }
    m = COLUMN.matcher(s);
    if (m.matches()) {
      return new int[] {Ref.OPEN, A1.columnIndex(m.group(2)), 0, m.group(1).isEmpty() ? 0 : 1};
    }
    return null;
  }

  // ---- parser ----

  /** The whole expression, or null when the tokens do not form one. */
  FormulaNode parseAll() {
    try {
      FormulaNode node = comparison();
      skipSpace();
      return pos == tokens.size() ? node : null;
    } catch (IllegalStateException e) {
      return null;
    }
  }

  private void skipSpace() {
    while (pos < tokens.size() && tokens.get(pos).kind() == Kind.SPACE) {
      pos++;
    }
  }

  private Token peek() {
    skipSpace();
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private boolean peekOp(String... ops) {
    Token t = peek();
    if (t == null || t.kind() != Kind.OP) {
      return false;
    }
    for (String op : ops) {
      if (t.text().equals(op)) {
        return true;
      }
    }
    return false;
  }

  private Token next() {
    Token t = peek();
    if (t == null) {
      throw new IllegalStateException("unexpected end");
    }
    pos++;
    return t;
  }

  private FormulaNode comparison() {
    FormulaNode left = concat();
    while (peekOp("=", "<>", "<", ">", "<=", ">=")) {
      String op = next().text();
      left = new FormulaNode.Binary(op, left, concat());
    }
    return left;
  }

  private FormulaNode concat() {
    FormulaNode left = additive();
    while (peekOp("&")) {
      next();
      left = new FormulaNode.Binary("&", left, additive());
    }
    return left;
  }

  private FormulaNode additive() {
    FormulaNode left = multiplicative();
    while (peekOp("+", "-")) {
      String op = next().text();
      left = new FormulaNode.Binary(op, left, multiplicative());
    }
    return left;
  }

  private FormulaNode multiplicative() {
    FormulaNode left = power();
    while (peekOp("*", "/")) {
      String op = next().text();
      left = new FormulaNode.Binary(op, left, power());
    }
    return left;
  }

  private FormulaNode power() {
    FormulaNode left = unary();
    while (peekOp("^")) {
      next();
      left = new FormulaNode.Binary("^", left, unary());
    }
    return left;
  }

  private FormulaNode unary() {
    if (peekOp("-", "+")) {
      String op = next().text();
      return new FormulaNode.Unary(op, unary());
    }
    FormulaNode node = primary();
    while (peekOp("%")) {
      next();
      node = new FormulaNode.Percent(node);
    }
    return node;
  }

  private FormulaNode primary() {
    Token t = next();
    switch (t.kind()) {
      case NUMBER:
        return new FormulaNode.Num(Double.parseDouble(t.text()));
      case STRING:
        String s = t.text();
        return new FormulaNode.Str(s.substring(1, s.length() - 1).replace("\"\"", "\""));
      case BOOL:
        return new FormulaNode.Bool(t.text().equalsIgnoreCase("TRUE"));
      case ERROR:
        return new FormulaNode.Err(t.text());
      case REF:
        return t.ref().invalid() ? new FormulaNode.Err("#REF!") : new FormulaNode.RefNode(t.ref());
      case NAME:
        return new FormulaNode.Name(t.text());
      case FUNC:
        {
          expect(Kind.LPAREN);
          List<FormulaNode> args = new ArrayList<>();
          Token p = peek();
          if (p != null && p.kind() == Kind.RPAREN) {
            next();
          } else {
            while (true) {
              args.add(comparison());
              Token sep = next();
              if (sep.kind() == Kind.RPAREN) {
                break;
              }
              if (sep.kind() != Kind.COMMA) {
                throw new IllegalStateException("expected , or )");
              }
            }
          }
          return new FormulaNode.Call(t.text().toUpperCase(Locale.ROOT), List.copyOf(args));
        }
      case LPAREN:
        {
          FormulaNode inner = comparison();
          expect(Kind.RPAREN);
          return inner;
        }
      default:
        throw new IllegalStateException("unexpected " + t.text());
    }
  }

  private void expect(Kind kind) {
    Token t = next();
    if (t.kind() != kind) {
      throw new IllegalStateException("expected " + kind);
    }
  }
}
