package com.chittysync.sheets;

import java.util.Locale;

/**
 * Google Sheets' limit on the cells of one spreadsheet, checked before new rows are appended.
 *
 * <p>Google counts every tab's grid, rows × columns, empty cells included, and refuses a write that
 * would take the spreadsheet over the limit (400 INVALID_ARGUMENT "This action would increase the
 * number of cells in the workbook above the limit of 10000000 cells."). New rows are appended with
 * {@code INSERT_ROWS}, so each one adds a row of the tab's full width, however many empty rows the
 * grid has below the table.
 */
final class CellLimit {
  /**
   * Cells per spreadsheet: 10 million, the figure widely cited for Google Sheets (see
   * shared/reference/sheets/API-NOTES.md §2.3, "Cell limit": resizes that would exceed it are
   * aborted). Google's own page was not retrieved; if the limit is raised, this is the one place to
   * change.
   */
  static final long MAX_CELLS = 10_000_000;

  private CellLimit() {}

  /**
   * Why appending {@code newRows} rows to tab {@code t}, whose grid will then be {@code
   * columnsAfter} columns wide, would take the spreadsheet over the limit; null when it fits.
   *
   * @param otherTabsCells the cells of every other tab's grid
   */
  static String refusal(
      SheetsSettings settings,
      SheetsClient.Tab t,
      long otherTabsCells,
      int newRows,
      int columnsAfter) {
    long now = otherTabsCells + (long) t.rows() * t.columns();
    long after = otherTabsCells + ((long) t.rows() + newRows) * Math.max(t.columns(), columnsAfter);
    if (after <= MAX_CELLS) {
      return null;
    }
    return "spreadsheet "
        + settings.spreadsheetId()
        + " holds "
        + number(now)
        + " cells (every tab's rows × columns, empty cells too) and would hold "
        + number(after)
        + " after appending "
        + number(newRows)
        + " row(s) of "
        + number(Math.max(t.columns(), columnsAfter))
        + " columns to tab '"
        + t.title()
        + "'"
        + (columnsAfter > t.columns()
            ? " (grown for its '" + SheetsSettings.MANAGED_KEY_HEADER + "' column)"
            : "")
        + "; Google Sheets holds at most "
        + number(MAX_CELLS)
        + " cells per spreadsheet, so none of the "
        + number(newRows)
        + " new row(s) was appended. Split the registry across spreadsheets, or make room: remove"
        + " columns, delete the empty rows below the table, or move other tabs elsewhere";
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
