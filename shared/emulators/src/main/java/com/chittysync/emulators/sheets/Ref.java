package com.chittysync.emulators.sheets;

/**
 * A cell or range reference inside a formula, on the formula's own tab. Rows and columns are
 * zero-based; a range's rows may be open ({@code A:B} has neither, {@code A2:B} no end). {@code $}
 * markers are kept for rendering and for sorting, which moves only relative references.
 *
 * <p>Inserting or deleting rows or columns adjusts references the way Sheets does: references at or
 * past the insertion point move; a range that spans the change grows or shrinks; a reference whose
 * cells were all deleted becomes {@code #REF!}.
 */
record Ref(
    int row1,
    int col1,
    boolean absRow1,
    boolean absCol1,
    int row2,
    int col2,
    boolean absRow2,
    boolean absCol2,
    boolean range,
    boolean invalid) {

  static final int OPEN = -1;

  static Ref cell(int row, int col, boolean absRow, boolean absCol) {
    return new Ref(row, col, absRow, absCol, row, col, absRow, absCol, false, false);
  }

  Ref invalidated() {
    return new Ref(row1, col1, absRow1, absCol1, row2, col2, absRow2, absCol2, range, true);
  }

  /** The reference as Sheets writes it: {@code $A$1}, {@code B2:C9}, {@code A:A}, {@code #REF!}. */
  String render() {
    if (invalid) {
      return "#REF!";
    }
    String first = part(row1, col1, absRow1, absCol1);
    return range ? first + ":" + part(row2, col2, absRow2, absCol2) : first;
  }

  private static String part(int row, int col, boolean absRow, boolean absCol) {
    String s = (absCol ? "$" : "") + A1.column(col);
    return row == OPEN ? s : s + (absRow ? "$" : "") + (row + 1);
  }

  /** Top row, or 0 for open rows. */
  int top() {
    return row1 == OPEN ? 0 : row1;
  }

  /** Bottom row, or {@code Integer.MAX_VALUE} when open. */
  int bottom() {
    return range ? (row2 == OPEN ? Integer.MAX_VALUE : row2) : row1;
  }

  int left() {
    return col1;
  }

  int right() {
    return range ? col2 : col1;
  }

  // ---- adjustments ----

  /** After {@code n} rows (or columns) were inserted before index {@code at}. */
  Ref inserted(boolean rows, int at, int n) {
    if (invalid) {
      return this;
    }
    if (rows) {
      return withRows(shiftIns(row1, at, n), range ? shiftIns(row2, at, n) : OPEN);
    }
    return withCols(shiftIns(col1, at, n), range ? shiftIns(col2, at, n) : OPEN);
  }

  /** After rows (or columns) {@code at .. at+n-1} were deleted. */
  Ref deleted(boolean rows, int at, int n) {
    if (invalid) {
      return this;
    }
    int s = rows ? row1 : col1;
    int e = range ? (rows ? row2 : col2) : s;
    if (!range) {
      if (s == OPEN) {
        return this;
      }
      if (s >= at && s < at + n) {
        return invalidated();
      }
      int moved = s >= at + n ? s - n : s;
      return rows ? withRows(moved, OPEN) : withCols(moved, OPEN);
    }
    int ns = s == OPEN ? OPEN : (s < at ? s : (s >= at + n ? s - n : at));
    int ne = e == OPEN ? OPEN : (e < at ? e : (e >= at + n ? e - n : at - 1));
    if (ns != OPEN && ne != OPEN && ne < ns) {
      return invalidated();
    }
    return rows ? withRows(ns, ne) : withCols(ns, ne);
  }

  /** A formula moved {@code delta} rows by a sort: relative row references move with it. */
  Ref movedRows(int delta) {
    if (invalid || delta == 0) {
      return this;
    }
    int r1 = row1 == OPEN || absRow1 ? row1 : row1 + delta;
    int r2 = !range || row2 == OPEN || absRow2 ? row2 : row2 + delta;
    if ((row1 != OPEN && r1 < 0) || (range && row2 != OPEN && r2 < 0)) {
      return invalidated();
    }
    return withRows(r1, range ? r2 : r1);
  }

  private static int shiftIns(int index, int at, int n) {
    return index != OPEN && index >= at ? index + n : index;
  }

  private Ref withRows(int r1, int r2) {
    return new Ref(
        r1, col1, absRow1, absCol1, range ? r2 : r1, col2, absRow2, absCol2, range, false);
  }

  private Ref withCols(int c1, int c2) {
    return new Ref(
        row1, c1, absRow1, absCol1, row2, range ? c2 : c1, absRow2, absCol2, range, false);
  }
}
