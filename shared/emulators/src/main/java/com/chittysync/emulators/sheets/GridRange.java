package com.chittysync.emulators.sheets;

/**
 * A range resolved against a tab: zero-based, inclusive and bounded to the grid. {@code singleCell}
 * remembers that the request named one cell, which writes use as an anchor.
 */
record GridRange(SheetRecord sheet, int r0, int c0, int r1, int c1, boolean singleCell) {
  int rows() {
    return r1 - r0 + 1;
  }

  int columns() {
    return c1 - c0 + 1;
  }

  /** The range as Google echoes it: {@code Sheet1!B1:B1000}. */
  String a1() {
    return A1.range(sheet.title, r0, c0, r1, c1);
  }

  boolean withinGrid() {
    return r0 >= 0 && c0 >= 0 && r1 < sheet.rowCount && c1 < sheet.columnCount;
  }

  /** 400 as Google phrases a range past the grid. */
  SheetsError exceedsGrid() {
    return SheetsError.badRequest(
        "Range ("
            + a1()
            + ") exceeds grid limits. Max rows: "
            + sheet.rowCount
            + ", max columns: "
            + sheet.columnCount);
  }

  /** This range, or 400 "exceeds grid limits" when any part is past the grid. */
  GridRange requireWithinGrid() {
    if (!withinGrid()) {
      throw exceedsGrid();
    }
    return this;
  }

  /** This range cut to the grid (what values.clear reports). */
  GridRange clamp() {
    return new GridRange(
        sheet,
        Math.min(r0, Math.max(0, sheet.rowCount - 1)),
        Math.min(c0, Math.max(0, sheet.columnCount - 1)),
        Math.min(r1, sheet.rowCount - 1),
        Math.min(c1, sheet.columnCount - 1),
        singleCell);
  }
}
