package com.chittysync.emulators.sheets;

/** {@link HumanEditor} on one tab: direct changes under the store's lock, no API involved. */
final class HumanEdits implements HumanEditor {
  private final Store store;
  private final SpreadsheetRecord ss;
  private final SheetRecord sheet;

  HumanEdits(Store store, SpreadsheetRecord ss, SheetRecord sheet) {
    this.store = store;
    this.ss = ss;
    this.sheet = sheet;
  }

  private void requireRow(int row, int max, String what) {
    if (row < 1 || row > max) {
      throw new IllegalArgumentException(
          what + " " + row + " is outside 1.." + max + " on '" + sheet.title + "'");
    }
  }

  @Override
  public HumanEditor insertRows(int beforeRow, int count) {
    synchronized (store) {
      requireRow(beforeRow, sheet.rowCount + 1, "row");
      if (count < 1) {
        throw new IllegalArgumentException("count must be positive");
      }
      sheet.insertRows(beforeRow - 1, count);
    }
    return this;
  }

  @Override
  public HumanEditor deleteRows(int fromRow, int count) {
    synchronized (store) {
      requireRow(fromRow, sheet.rowCount, "row");
      requireRow(fromRow + count - 1, sheet.rowCount, "row");
      if (count >= sheet.rowCount) {
        throw new IllegalArgumentException("a sheet keeps at least one row");
      }
      sheet.deleteRows(fromRow - 1, count);
    }
    return this;
  }

  @Override
  public HumanEditor sortRows(int fromRow, int column, boolean ascending) {
    synchronized (store) {
      requireRow(fromRow, sheet.rowCount, "row");
      sheet.sortRows(fromRow - 1, sheet.lastDataRow(), column, ascending);
    }
    return this;
  }

  @Override
  public HumanEditor set(String a1Cell, Object value) {
    synchronized (store) {
      A1Range a = A1Range.parse(a1Cell);
      if (!a.singleCell()) {
        throw new IllegalArgumentException("not a single cell: " + a1Cell);
      }
      if (a.sheet() != null && ss.sheet(a.sheet()) != sheet) {
        throw new IllegalArgumentException(a1Cell + " is not on '" + sheet.title + "'");
      }
      int r = a.startRow();
      int c = a.startCol();
      // Pasting past the edge grows the grid in the UI too.
      sheet.rowCount = Math.max(sheet.rowCount, r + 1);
      sheet.columnCount = Math.max(sheet.columnCount, c + 1);
      sheet.set(r, c, InputParser.fromJava(value));
    }
    return this;
  }

  @Override
  public HumanEditor clearRow(int row) {
    synchronized (store) {
      requireRow(row, sheet.rowCount, "row");
      if (row - 1 < sheet.rows.size()) {
        sheet.rows.set(row - 1, null);
      }
    }
    return this;
  }
}
