package com.chittysync.sheets;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A1 notation: column letters, quoted tab names and ranges. Tab names are always quoted ({@code 'My
 * Sheet'!A1}, {@code 'It''s'!A1}): quoting is always allowed, and it keeps a tab named like a cell
 * ({@code A1}) or a named range from being read as one.
 */
public final class A1 {
  /** Columns past {@code ZZZ} (18,278) do not exist in Sheets. */
  public static final int MAX_COLUMNS = 18_278;

  private static final Pattern RANGE =
      Pattern.compile(
          "^(?:(?:'((?:[^']|'')*)'|([^!]*))!)?([A-Za-z]*)(\\d*)(?::([A-Za-z]*)(\\d*))?$");

  private A1() {}

  /** {@code title} quoted for a range: {@code 'My Sheet'}, with {@code '} doubled. */
  public static String quote(String title) {
    return "'" + title.replace("'", "''") + "'";
  }

  /** The letters of zero-based column {@code index}: 0 is A, 25 Z, 26 AA, 702 AAA. */
  public static String column(int index) {
    if (index < 0 || index >= MAX_COLUMNS) {
      throw new IllegalArgumentException("column index out of range: " + index);
    }
    StringBuilder letters = new StringBuilder(3);
    int n = index + 1;
    while (n > 0) {
      int rem = (n - 1) % 26;
      letters.append((char) ('A' + rem));
      n = (n - 1) / 26;
    }
    return letters.reverse().toString();
  }

  /** The zero-based index of column {@code letters} (any case): A is 0, AA 26. */
  public static int columnIndex(String letters) {
    if (letters.isEmpty() || letters.length() > 3) {
      throw new IllegalArgumentException("not a column: '" + letters + "'");
    }
    int n = 0;
    for (char c : letters.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c < 'A' || c > 'Z') {
        throw new IllegalArgumentException("not a column: '" + letters + "'");
      }
      n = n * 26 + (c - 'A' + 1);
    }
    return n - 1;
  }

  /** One cell, {@code C7}, for messages: zero-based column, one-based row. */
  public static String cell(int column, int row) {
    return column(column) + row;
  }

  /** {@code 'Tab'!C7}. */
  public static String cell(String title, int column, int row) {
    return quote(title) + "!" + cell(column, row);
  }

  /** {@code 'Tab'!B7:D9}: zero-based columns, one-based rows, both ends inclusive. */
  public static String range(
      String title, int firstColumn, int firstRow, int lastColumn, int lastRow) {
    return quote(title) + "!" + cell(firstColumn, firstRow) + ":" + cell(lastColumn, lastRow);
  }

  /** {@code 'Tab'!A5:Z}: from a row to the last row of the grid, open-ended downwards. */
  public static String openRows(String title, int firstColumn, int firstRow, int lastColumn) {
    return quote(title) + "!" + cell(firstColumn, firstRow) + ":" + column(lastColumn);
  }

  /**
   * A parsed range such as {@code 'My Sheet'!A3:D4} (as the API echoes ranges). Missing parts are
   * -1: {@code Sheet1!A:A} has no rows.
   *
   * @param sheet the tab, unquoted; null when the range names none
   * @param firstColumn zero-based
   * @param firstRow one-based
   * @param lastColumn zero-based
   * @param lastRow one-based
   */
  public record Range(String sheet, int firstColumn, int firstRow, int lastColumn, int lastRow) {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException when it is not A1 notation
   */
  public static Range parse(String text) {
    Matcher m = RANGE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not an A1 range: '" + text + "'");
    }
    String sheet = m.group(1) != null ? m.group(1).replace("''", "'") : m.group(2);
    int firstColumn = m.group(3).isEmpty() ? -1 : columnIndex(m.group(3));
    int firstRow = m.group(4).isEmpty() ? -1 : Integer.parseInt(m.group(4));
    int lastColumn = firstColumn;
    int lastRow = firstRow;
    if (m.group(5) != null) {
      lastColumn = m.group(5).isEmpty() ? -1 : columnIndex(m.group(5));
      lastRow = m.group(6).isEmpty() ? -1 : Integer.parseInt(m.group(6));
    }
    return new Range(sheet, firstColumn, firstRow, lastColumn, lastRow);
  }
}
