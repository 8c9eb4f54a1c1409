package com.chittysync.emulators.sheets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One tab: its properties and its cells. Rows are stored as arrays (a 50,000 × 10 tab is 50,000
 * small arrays, not a map of cells); rows past the last stored one are empty, a null row is empty,
 * and a row array may be shorter than the grid. The grid size ({@link #rowCount}, {@link
 * #columnCount}) is kept apart from the stored data, as in Sheets.
 *
 * <p>Not thread-safe: callers hold the store's lock.
 */
final class SheetRecord {
  final int sheetId;
  String title;
  int rowCount;
  int columnCount;
  ArrayList<Cell[]> rows = new ArrayList<>();

  SheetRecord(int sheetId, String title, int rowCount, int columnCount) {
    this.sheetId = sheetId;
    this.title = title;
    this.rowCount = rowCount;
    this.columnCount = columnCount;
  }

  Cell get(int r, int c) {
    if (r < 0 || r >= rows.size()) {
      return null;
    }
    Cell[] row = rows.get(r);
    return row == null || c < 0 || c >= row.length ? null : row[c];
  }

  /** Sets a cell (null clears it); storage grows as needed, the grid does not. */
  void set(int r, int c, Cell cell) {
    if (cell == null) {
      Cell[] row = r < rows.size() ? rows.get(r) : null;
      if (row != null && c < row.length) {
        row[c] = null;
      }
      return;
    }
    while (rows.size() <= r) {
      rows.add(null);
    }
    Cell[] row = rows.get(r);
    if (row == null) {
      row = new Cell[Math.max(c + 1, Math.min(columnCount, 8))];
      rows.set(r, row);
    } else if (row.length <= c) {
      row = Arrays.copyOf(row, Math.max(c + 1, Math.min(columnCount, row.length * 2)));
      rows.set(r, row);
    }
    row[c] = cell;
  }

  /** Makes row {@code r} able to hold {@code length} cells without regrowing. */
  void reserve(int r, int length) {
    while (rows.size() <= r) {
      rows.add(null);
    }
    Cell[] row = rows.get(r);
    if (row == null) {
      rows.set(r, new Cell[length]);
    } else if (row.length < length) {
      rows.set(r, Arrays.copyOf(row, length));
    }
  }

  /** Stored length of a row (cells past it are empty). */
  int rowLength(int r) {
    if (r < 0 || r >= rows.size()) {
      return 0;
    }
    Cell[] row = rows.get(r);
    return row == null ? 0 : row.length;
  }

  /** Index of the last row holding a value, or -1. */
  int lastDataRow() {
    for (int r = rows.size() - 1; r >= 0; r--) {
      if (!rowEmpty(r, 0, Integer.MAX_VALUE)) {
        return r;
      }
    }
    return -1;
  }

  /** Whether row {@code r} has no value in columns {@code c0..c1}. */
  boolean rowEmpty(int r, int c0, int c1) {
    if (r < 0 || r >= rows.size()) {
      return true;
    }
    Cell[] row = rows.get(r);
    if (row == null) {
      return true;
    }
    int end = Math.min(c1, row.length - 1);
    for (int c = Math.max(0, c0); c <= end; c++) {
      if (row[c] != null) {
        return false;
      }
    }
    return true;
  }

  // ---- dimension changes (formula references follow, like in Sheets) ----

  void insertRows(int at, int n) {
    if (at < rows.size()) {
      rows.addAll(at, Collections.nCopies(n, null));
    }
    rowCount += n;
    adjustFormulas(ref -> ref.inserted(true, at, n));
  }

  void deleteRows(int at, int n) {
    int end = Math.min(at + n, rows.size());
    if (at < end) {
      rows.subList(at, end).clear();
    }
    rowCount -= n;
    adjustFormulas(ref -> ref.deleted(true, at, n));
  }

  void insertColumns(int at, int n) {
    for (int r = 0; r < rows.size(); r++) {
      Cell[] row = rows.get(r);
      if (row != null && at < row.length) {
        Cell[] grown = new Cell[row.length + n];
        System.arraycopy(row, 0, grown, 0, at);
        System.arraycopy(row, at, grown, at + n, row.length - at);
        rows.set(r, grown);
      }
    }
    columnCount += n;
    adjustFormulas(ref -> ref.inserted(false, at, n));
  }

  void deleteColumns(int at, int n) {
    for (int r = 0; r < rows.size(); r++) {
      Cell[] row = rows.get(r);
      if (row != null && at < row.length) {
        int end = Math.min(at + n, row.length);
        Cell[] shrunk = new Cell[row.length - (end - at)];
        System.arraycopy(row, 0, shrunk, 0, at);
        System.arraycopy(row, end, shrunk, at, row.length - end);
        rows.set(r, shrunk);
      }
    }
    columnCount -= n;
    adjustFormulas(ref -> ref.deleted(false, at, n));
  }

  /** Shrinks or grows the grid; cells outside the new grid are dropped, as Sheets does. */
  void resize(int newRows, int newColumns) {
    if (newRows < rows.size()) {
      rows.subList(newRows, rows.size()).clear();
    }
    if (newColumns < columnCount) {
      for (int r = 0; r < rows.size(); r++) {
        Cell[] row = rows.get(r);
        if (row != null && row.length > newColumns) {
          rows.set(r, Arrays.copyOf(row, newColumns));
        }
      }
    }
    rowCount = newRows;
    columnCount = newColumns;
  }

  private void adjustFormulas(UnaryOperator<Ref> f) {
    for (Cell[] row : rows) {
      if (row == null) {
        continue;
      }
      for (int c = 0; c < row.length; c++) {
        Cell cell = row[c];
        if (cell != null && cell.kind == Cell.Kind.FORMULA) {
          Formula moved = cell.formula.mapRefs(f);
          if (moved != cell.formula) {
            row[c] = Cell.formula(moved);
          }
        }
      }
    }
  }

  /**
   * Sorts rows {@code from..to} by the computed value in {@code column}, like Data &gt; Sort range:
   * stable, empty cells last either way; formulas move with their row and their relative row
   * references move by the same distance.
   */
  void sortRows(int from, int to, int column, boolean ascending) {
    if (from > to || from >= rows.size()) {
      return;
    }
    to = Math.min(to, rows.size() - 1);
    Evaluator eval = new Evaluator(this);
    int n = to - from + 1;
    Integer[] order = new Integer[n];
    Value[] keys = new Value[n];
    for (int i = 0; i < n; i++) {
      order[i] = from + i;
      keys[i] = eval.valueAt(from + i, column);
    }
    Comparator<Integer> byValue =
        (a, b) -> {
          Value va = keys[a - from];
          Value vb = keys[b - from];
          if (va.isEmpty() || vb.isEmpty()) {
            return Boolean.compare(va.isEmpty(), vb.isEmpty());
          }
          int cmp = Evaluator.compare(va, vb);
          return ascending ? cmp : -cmp;
        };
    Arrays.sort(order, byValue);
    List<Cell[]> sorted = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int oldRow = order[i];
      int newRow = from + i;
      Cell[] row = rows.get(oldRow);
      if (row != null && oldRow != newRow) {
        row = row.clone();
        int delta = newRow - oldRow;
        for (int c = 0; c < row.length; c++) {
          if (row[c] != null && row[c].kind == Cell.Kind.FORMULA) {
            row[c] = Cell.formula(row[c].formula.mapRefs(ref -> ref.movedRows(delta)));
          }
        }
      }
      sorted.add(row);
    }
    for (int i = 0; i < n; i++) {
      rows.set(from + i, sorted.get(i));
    }
  }

  // ---- snapshots, for all-or-nothing batches ----

  /** A copy that shares the immutable cells. */
  SheetRecord copy() {
    SheetRecord c = new SheetRecord(sheetId, title, rowCount, columnCount);
    c.rows = new ArrayList<>(rows.size());
    for (Cell[] row : rows) {
      c.rows.add(row == null ? null : row.clone());
    }
    return c;
  }

  void restoreFrom(SheetRecord saved) {
    title = saved.title;
    rowCount = saved.rowCount;
    columnCount = saved.columnCount;
    rows = saved.rows;
  }
}
