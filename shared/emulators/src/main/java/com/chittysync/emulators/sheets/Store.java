package com.chittysync.emulators.sheets;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Every spreadsheet, by id. One lock (this object) guards all of them: API requests and test-side
 * edits are serialized, which makes each request atomic as Sheets' are.
 */
final class Store {
  private static final char[] ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  /** Google's limit on the cells of one spreadsheet: every tab's rowCount × columnCount. */
  static final long DEFAULT_CELL_LIMIT = 10_000_000;

  private final Map<String, SpreadsheetRecord> byId = new LinkedHashMap<>();
  private final Random random = new SecureRandom();
  private long cellLimit = DEFAULT_CELL_LIMIT;

  synchronized long cellLimit() {
    return cellLimit;
  }

  synchronized void cellLimit(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the cell limit must be positive, got " + limit);
    }
    cellLimit = limit;
  }

  /**
   * Refuses a change that takes a spreadsheet from {@code before} cells to {@code after}, over the
   * limit, as Google does: 400 INVALID_ARGUMENT, nothing changed. A change that shrinks (or keeps)
   * a spreadsheet already over the limit (the limit was lowered meanwhile) is let through, as only
   * an increase is refused.
   *
   * @param prefix put before Google's sentence, such as {@code "Invalid requests[0].addSheet: "}
   */
  synchronized void requireWithinCellLimit(long before, long after, String prefix) {
    if (after > cellLimit && after > before) {
      throw SheetsError.badRequest(prefix + cellLimitMessage(cellLimit));
    }
  }

  /** Google's sentence for a change refused for the cell limit. */
  static String cellLimitMessage(long limit) {
    return "This action would increase the number of cells in the workbook above the limit of "
        + limit
        + " cells.";
  }

  /** A new spreadsheet; a null id gets a 44-character id like Google's ({@code 1BxiMVs0...}). */
  synchronized SpreadsheetRecord create(String id, String title) {
    String sid = id != null ? id : newId();
    if (byId.containsKey(sid)) {
      throw new IllegalArgumentException("spreadsheet " + sid + " already exists");
    }
    SpreadsheetRecord s = new SpreadsheetRecord(sid, title, random);
    byId.put(sid, s);
    return s;
  }

  synchronized SpreadsheetRecord get(String id) {
    return byId.get(id);
  }

  /** The spreadsheet or IllegalArgumentException, for test helpers. */
  synchronized SpreadsheetRecord require(String id) {
    SpreadsheetRecord s = byId.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no spreadsheet " + id);
    }
    return s;
  }

  synchronized List<String> ids() {
    return new ArrayList<>(byId.keySet());
  }

  private String newId() {
    StringBuilder sb = new StringBuilder(44).append('1');
    for (int i = 1; i < 44; i++) {
      sb.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return sb.toString();
  }
}
