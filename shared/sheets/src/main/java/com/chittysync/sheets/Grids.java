package com.chittysync.sheets;

/**
 * The spreadsheet's grids as a write sees them: the endpoint's tab, as read once per endpoint and
 * then grown or shrunk by the connector's own writes, and the cells of every other tab. Google
 * counts every tab's rows × columns, empty cells too, against one spreadsheet's cell limit ({@link
 * CellLimit}).
 */
interface Grids {
  /** The endpoint's tab: its id, title and grid size. */
  SheetsClient.Tab tab();

  /** Cells in the grids of the spreadsheet's other tabs, as read with {@link #tab()}. */
  long otherTabsCells();

  /** The tab's grid now has {@code columns} columns (after an appendDimension). */
  void grew(int columns);

  /** The tab's grid gained {@code delta} rows (appended), or lost {@code -delta} (deleted). */
  void rowsChanged(int delta);
}
