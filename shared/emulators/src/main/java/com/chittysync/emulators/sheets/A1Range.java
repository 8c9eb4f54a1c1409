package com.chittysync.emulators.sheets;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed A1 range, not yet checked against a spreadsheet. Indexes are zero-based and inclusive;
 * null means "open" on that side ({@code A:C} has no rows, {@code A2:Z} no end row).
 *
 * <p>Forms: {@code Sheet1!A1:D5}, {@code 'My Sheet'!A:C}, {@code 'It''s'!A1}, {@code Sheet1!1:2},
 * {@code A5:A}, a bare {@code Sheet1} or {@code 'My Sheet'} (the whole tab), and a cell part alone
 * (the first tab). R1C1 notation and named ranges are not supported.
 *
 * @param sheet the tab title, or null for "the first visible tab"
 * @param singleCell whether the range names one cell ({@code A1}), which writes treat as an anchor
 */
record A1Range(
    String sheet,
    Integer startRow,
    Integer startCol,
    Integer endRow,
    Integer endCol,
    boolean singleCell) {

  private static final Pattern PART = Pattern.compile("\\$?([A-Za-z]{1,3})?(?:\\$?([0-9]{1,9}))?");

  /** Parses {@code text} or throws 400 "Unable to parse range: text". */
  static A1Range parse(String text) {
    String input = text == null ? "" : text.trim();
    if (input.isEmpty()) {
      throw SheetsError.unableToParseRange(text == null ? "" : text);
    }
    String sheet;
    String cells;
    if (input.startsWith("'")) {
      int i = 1;
      StringBuilder name = new StringBuilder();
      while (true) {
        if (i >= input.length()) {
          throw SheetsError.unableToParseRange(text);
        }
        char ch = input.charAt(i);
        if (ch == '\'') {
          if (i + 1 < input.length() && input.charAt(i + 1) == '\'') {
            name.append('\'');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name.append(ch);
        i++;
      }
      sheet = name.toString();
      if (sheet.isEmpty()) {
        throw SheetsError.unableToParseRange(text);
      }
      if (i == input.length()) {
        return new A1Range(sheet, null, null, null, null, false);
      }
      if (input.charAt(i) != '!' || i + 1 == input.length()) {
        throw SheetsError.unableToParseRange(text);
      }
      cells = input.substring(i + 1);
    } else {
      int bang = input.indexOf('!');
      if (bang < 0) {
        A1Range cellsOnly = cells(null, input);
        if (cellsOnly != null) {
          return cellsOnly;
        }
        if (!plainName(input)) {
          throw SheetsError.unableToParseRange(text);
        }
        return new A1Range(input, null, null, null, null, false);
      }
      sheet = input.substring(0, bang);
      cells = input.substring(bang + 1);
      if (!plainName(sheet) || cells.isEmpty()) {
        throw SheetsError.unableToParseRange(text);
      }
    }
    A1Range range = cells(sheet, cells);
    if (range == null) {
      throw SheetsError.unableToParseRange(text);
    }
    return range;
  }

  /** Unquoted titles may hold letters, digits, {@code _} and {@code .}; a space needs quotes. */
  private static boolean plainName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (!Character.isLetterOrDigit(ch) && ch != '_' && ch != '.') {
        return false;
      }
    }
    return true;
  }

  /** Parses the part after {@code !}; null when it is not A1 cells. */
  private static A1Range cells(String sheet, String text) {
    String[] parts = text.split(":", -1);
    if (parts.length > 2) {
      return null;
    }
    int[] a = part(parts[0]);
    if (a == null) {
      return null;
    }
    if (parts.length == 1) {
      if (a[0] < 0 || a[1] < 0) {
        return null;
      }
      return new A1Range(sheet, a[1], a[0], a[1], a[0], true);
    }
    int[] b = part(parts[1]);
    if (b == null) {
      return null;
    }
    boolean aRowOnly = a[0] < 0;
    boolean bRowOnly = b[0] < 0;
    if (aRowOnly != bRowOnly) {
      return null; // "A1:5" or "1:B2"
    }
    if (aRowOnly) {
      return box(sheet, a[1], null, b[1], null);
    }
    // Columns on both sides; rows may be missing on either side.
    Integer r0 = a[1] < 0 ? null : a[1];
    Integer r1 = b[1] < 0 ? null : b[1];
    if (r0 == null && r1 != null) {
      r0 = 0;
    }
    return box(sheet, r0, a[0], r1, b[0]);
  }

  private static A1Range box(String sheet, Integer r0, Integer c0, Integer r1, Integer c1) {
    // Google normalises reversed corners (B2:A1 is A1:B2).
    if (r0 != null && r1 != null && r0 > r1) {
      Integer t = r0;
      r0 = r1;
      r1 = t;
    }
    if (c0 != null && c1 != null && c0 > c1) {
      Integer t = c0;
      c0 = c1;
      c1 = t;
    }
    return new A1Range(sheet, r0, c0, r1, c1, false);
  }

  /** {col, row} zero-based, -1 where absent; null when not an A1 part. */
  private static int[] part(String s) {
    Matcher m = PART.matcher(s);
    if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
      return null;
    }
    int col = m.group(1) == null ? -1 : A1.columnIndex(m.group(1));
    int row = -1;
    if (m.group(2) != null) {
      row = Integer.parseInt(m.group(2)) - 1;
      if (row < 0) {
        return null;
      }
    }
    return new int[] {col, row};
  }
}
