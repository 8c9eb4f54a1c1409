package com.chittysync.emulators.sheets;

/**
 * Finds the "table" that {@code values.append} appends to, as Google documents it: "The input range
 * is used to search for existing data and find a table within that range. Values will be appended
 * to the next row of the table, starting with the first column of the table."
 *
 * <p>The emulator's reading of that: search the input range's columns, from its first row down to
 * the end of the sheet, for the first cell with a value; the table is the block of data connected
 * to that cell (like a spreadsheet's "current region": neighbours, diagonals included), never
 * reaching above the input range's first row. Consequences match Google's known gotchas: a fully
 * blank row ends the table (data after it is not found), and data next to the table widens it.
 */
final class TableFinder {
  /** The table, zero-based inclusive bounds. */
  record Table(int r0, int c0, int r1, int c1) {}

  private TableFinder() {}

  /** The table for an append into {@code input}, or null when the searched area is empty. */
  static Table find(GridRange input) {
    SheetRecord s = input.sheet();
    int last = s.lastDataRow();
    int startRow = -1;
    int startCol = -1;
    for (int r = input.r0(); r <= last && startRow < 0; r++) {
      int end = Math.min(input.c1(), s.rowLength(r) - 1);
      for (int c = input.c0(); c <= end; c++) {
        if (s.get(r, c) != null) {
          startRow = r;
          startCol = c;
          break;
        }
      }
    }
    if (startRow < 0) {
      return null;
    }
    int top = input.r0();
    int r0 = startRow;
    int r1 = startRow;
    int c0 = startCol;
    int c1 = startCol;
    boolean grew = true;
    while (grew) {
      grew = false;
      // Down first, one row at a time (cheap: only the new row is scanned).
      while (r1 + 1 <= last && !s.rowEmpty(r1 + 1, c0 - 1, c1 + 1)) {
        r1++;
        grew = true;
      }
      if (r0 - 1 >= top && !s.rowEmpty(r0 - 1, c0 - 1, c1 + 1)) {
        r0--;
        grew = true;
      }
      if (c0 - 1 >= 0 && !columnEmpty(s, c0 - 1, Math.max(top, r0 - 1), r1 + 1)) {
        c0--;
        grew = true;
      }
      if (!columnEmpty(s, c1 + 1, Math.max(top, r0 - 1), r1 + 1)) {
        c1++;
        grew = true;
      }
    }
    return new Table(r0, c0, r1, c1);
  }

  private static boolean columnEmpty(SheetRecord s, int c, int r0, int r1) {
    for (int r = r0; r <= r1; r++) {
      if (s.get(r, c) != null) {
        return false;
      }
    }
    return true;
  }
}
