package com.chittysync.emulators.sheets;

/**
 * What a cell holds: a string, a number (with its number format; dates are numbers), a boolean, or
 * a formula. Immutable, so a tab can be snapshotted by copying row arrays and a batch can be rolled
 * back. An empty cell is {@code null} in the grid.
 */
final class Cell {
  enum Kind {
    STRING,
    NUMBER,
    BOOLEAN,
    FORMULA
  }

  static final Cell TRUE = new Cell(Kind.BOOLEAN, null, 0, true, null, null);
  static final Cell FALSE = new Cell(Kind.BOOLEAN, null, 0, false, null, null);

  final Kind kind;
  final String string;
  final double number;
  final boolean bool;
  final NumberFormat format;
  final Formula formula;

  private Cell(
      Kind kind, String string, double number, boolean bool, NumberFormat format, Formula formula) {
    this.kind = kind;
    this.string = string;
    this.number = number;
    this.bool = bool;
    this.format = format;
    this.formula = formula;
  }

  static Cell string(String s) {
    return new Cell(Kind.STRING, s, 0, false, null, null);
  }

  static Cell number(double d, NumberFormat format) {
    return new Cell(Kind.NUMBER, null, d, false, format, null);
  }

  static Cell bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  static Cell formula(Formula f) {
    return new Cell(Kind.FORMULA, null, 0, false, null, f);
  }

  /** The constant value of a non-formula cell. */
  Value constant() {
    return switch (kind) {
      case STRING -> Value.string(string);
      case NUMBER -> Value.number(number, format);
      case BOOLEAN -> Value.bool(bool);
      case FORMULA -> throw new IllegalStateException("formula");
    };
  }
}
