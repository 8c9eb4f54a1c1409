package com.chittysync.emulators.sheets;

/**
 * A person editing one tab in the Sheets UI between two syncs. Every call takes effect at once,
 * without authentication, quotas, faults or request-log entries, and returns this editor for
 * chaining. Rows are 1-based sheet row numbers as a person sees them.
 *
 * <p>Like the real UI, inserting and deleting rows moves the rows below and adjusts row references
 * in every formula of the tab; a sort moves each formula with its row.
 */
public interface HumanEditor {
  /** Inserts {@code count} empty rows above row {@code beforeRow}; the grid grows. */
  HumanEditor insertRows(int beforeRow, int count);

  /** Deletes rows {@code fromRow .. fromRow+count-1}; the grid shrinks. */
  HumanEditor deleteRows(int fromRow, int count);

  /**
   * Sorts rows {@code fromRow} .. the last non-empty row by the (evaluated) value in {@code column}
   * (0-based), like Data &gt; Sort range: numbers and dates before text (case-insensitive) before
   * booleans; empty cells last in both directions; ties keep their order.
   */
  HumanEditor sortRows(int fromRow, int column, boolean ascending);

  /**
   * Types {@code value} into a cell such as {@code "B7"} with USER_ENTERED semantics (formulas,
   * numbers, dates, booleans); null or {@code ""} clears the cell. The grid grows to fit.
   */
  HumanEditor set(String a1Cell, Object value);

  /** Clears every value of a row; the row itself stays. */
  HumanEditor clearRow(int row);
}
