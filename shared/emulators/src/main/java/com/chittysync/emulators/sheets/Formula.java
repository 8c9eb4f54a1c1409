package com.chittysync.emulators.sheets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A formula as typed ({@code =SUM(B2:B4)}): its tokens, so the text can be re-rendered after row
 * references move, and its syntax tree. Immutable; adjustments return a new formula.
 *
 * <p>A formula the emulator cannot parse (cross-tab references, array literals, locale separators)
 * keeps its text verbatim and evaluates to {@code #ERROR!}, as Sheets shows a formula parse error.
 */
final class Formula {
  /** Token kinds; the text of every token concatenated gives the formula back. */
  enum Kind {
    NUMBER,
    STRING,
    BOOL,
    REF,
    FUNC,
    NAME,
    ERROR,
    OP,
    LPAREN,
    RPAREN,
    COMMA,
    SPACE
  }

  /** One token: its kind, its text as typed, and for references the parsed reference. */
  record Token(Kind kind, String text, Ref ref) {
    String render() {
      return switch (kind) {
        case REF -> ref.render();
        case FUNC, NAME, BOOL -> text.toUpperCase(Locale.ROOT);
        default -> text;
      };
    }
  }

  private final String source;
  private final List<Token> tokens;
  private final FormulaNode root;

  private Formula(String source, List<Token> tokens, FormulaNode root) {
    this.source = source;
    this.tokens = tokens;
    this.root = root;
  }

  /** Parses the text after {@code =}. Never throws: an unparseable formula is kept as text. */
  static Formula parse(String body) {
    List<Token> tokens = FormulaParser.tokenize(body);
    if (tokens == null) {
      return new Formula(body, null, null);
    }
    return fromTokens(body, tokens);
  }

  private static Formula fromTokens(String source, List<Token> tokens) {
    FormulaNode root = new FormulaParser(tokens).parseAll();
    return new Formula(source, tokens, root);
  }

  /** The syntax tree, or null when the formula could not be parsed. */
  FormulaNode root() {
    return root;
  }

  /** The formula as the FORMULA render option shows it, with {@code =}. */
  String text() {
    if (tokens == null) {
      return "=" + source;
    }
    StringBuilder sb = new StringBuilder(source.length() + 1).append('=');
    for (Token t : tokens) {
      sb.append(t.render());
    }
    return sb.toString();
  }

  /** This formula with every reference mapped; {@code this} when nothing changed. */
  Formula mapRefs(UnaryOperator<Ref> f) {
    if (tokens == null) {
      return this;
    }
    List<Token> out = null;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.REF) {
        continue;
      }
      Ref moved = f.apply(t.ref());
      if (!moved.equals(t.ref())) {
        if (out == null) {
          out = new ArrayList<>(tokens);
        }
        out.set(i, new Token(Kind.REF, t.text(), moved));
      }
    }
    if (out == null) {
      return this;
    }
    StringBuilder text = new StringBuilder();
    out.forEach(t -> text.append(t.render()));
    return fromTokens(text.toString(), List.copyOf(out));
  }
}
