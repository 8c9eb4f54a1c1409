package com.chittysync.emulators.sheets;

/**
 * A computed value: what a cell shows once formulas are evaluated. Errors carry Sheets' code
 * ({@code #REF!}, {@code #NAME?}, ...).
 */
final class Value {
  enum Kind {
    EMPTY,
    NUMBER,
    STRING,
    BOOLEAN,
    ERROR
  }

  static final Value EMPTY = new Value(Kind.EMPTY, 0, null, false, null);
  static final Value TRUE = new Value(Kind.BOOLEAN, 0, null, true, null);
  static final Value FALSE = new Value(Kind.BOOLEAN, 0, null, false, null);
  static final Value REF = error("#REF!");
  static final Value NAME = error("#NAME?");
  static final Value VALUE = error("#VALUE!");
  static final Value DIV0 = error("#DIV/0!");
  static final Value NA = error("#N/A");
  static final Value PARSE = error("#ERROR!");

  final Kind kind;
  final double number;
  final String text;
  final boolean bool;
  final NumberFormat format;

  private Value(Kind kind, double number, String text, boolean bool, NumberFormat format) {
    this.kind = kind;
    this.number = number;
    this.text = text;
    this.bool = bool;
    this.format = format;
  }

  static Value number(double d, NumberFormat format) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return error("#NUM!");
    }
    return new Value(Kind.NUMBER, d, null, false, format);
  }

  static Value number(double d) {
    return number(d, null);
  }

  static Value string(String s) {
    return new Value(Kind.STRING, 0, s, false, null);
  }

  static Value bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  static Value error(String code) {
    return new Value(Kind.ERROR, 0, code, false, null);
  }

  boolean isError() {
    return kind == Kind.ERROR;
  }

  boolean isEmpty() {
    return kind == Kind.EMPTY;
  }

  Value withFormat(NumberFormat f) {
    return kind == Kind.NUMBER ? new Value(kind, number, text, bool, f) : this;
  }
}
