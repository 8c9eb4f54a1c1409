package com.chittysync.emulators.sheets;

import java.util.regex.Pattern;

/** A1 notation building blocks: column letters, cell names, sheet-title quoting. */
final class A1 {
  /** Sheets' widest grid is 18,278 columns (ZZZ). */
  static final int MAX_COLUMNS = 18278;

  private static final Pattern PLAIN_TITLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CELL_LIKE = Pattern.compile("[A-Za-z]{1,3}[0-9]+");
  private static final Pattern R1C1_LIKE = Pattern.compile("[Rr][0-9]*[Cc][0-9]*");

  private A1() {}

  /** 0 → A, 25 → Z, 26 → AA. */
  static String column(int index) {
    StringBuilder sb = new StringBuilder(3);
    int n = index + 1;
    while (n > 0) {
      int rem = (n - 1) % 26;
      sb.append((char) ('A' + rem));
      n = (n - 1) / 26;
    }
    return sb.reverse().toString();
  }

  /** A → 0, AA → 26; case-insensitive; -1 when not 1–3 letters. */
  static int columnIndex(String letters) {
    if (letters.isEmpty() || letters.length() > 3) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < letters.length(); i++) {
      char ch = Character.toUpperCase(letters.charAt(i));
      if (ch < 'A' || ch > 'Z') {
        return -1;
      }
      n = n * 26 + (ch - 'A' + 1);
    }
    return n - 1;
  }

  /** Zero-based row and column → {@code B7}. */
  static String cell(int row, int col) {
    return column(col) + (row + 1);
  }

  /**
   * Whether Google would quote this title when echoing a range. The samples echo {@code
   * Sheet1!A1:D5} and errors show {@code Solar!Y1} but {@code 'Lighthouse Results'!A1001}: plain
   * identifiers stay bare; anything with other characters, or that reads like a cell, is quoted.
   */
  static boolean needsQuotes(String title) {
    return !PLAIN_TITLE.matcher(title).matches()
        || CELL_LIKE.matcher(title).matches()
        || R1C1_LIKE.matcher(title).matches();
  }

  /** The title as it appears before {@code !}: quoted (with {@code '} doubled) when needed. */
  static String sheetPrefix(String title) {
    return needsQuotes(title) ? "'" + title.replace("'", "''") + "'" : title;
  }

  /** {@code Sheet1!A1:D5}, or {@code Sheet1!A1} for one cell; indexes zero-based, inclusive. */
  static String range(String title, int r0, int c0, int r1, int c1) {
    String start = cell(r0, c0);
    String body = r0 == r1 && c0 == c1 ? start : start + ":" + cell(r1, c1);
    return sheetPrefix(title) + "!" + body;
  }
}
