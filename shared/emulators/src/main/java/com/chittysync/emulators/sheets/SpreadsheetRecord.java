package com.chittysync.emulators.sheets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** One spreadsheet: title, tabs in display order, and who it is shared with. */
final class SpreadsheetRecord {
  final String id;
  String title;
  final List<SheetRecord> sheets = new ArrayList<>();
  private final Set<String> sharedWith = new HashSet<>();
  private final Random random;

  SpreadsheetRecord(String id, String title, Random random) {
    this.id = id;
    this.title = title;
    this.random = random;
  }

  /**
   * Adds a tab. The first tab gets sheetId 0, later ones a random non-negative id like Google's (so
   * nothing may assume ids are small or sequential), unless {@code sheetId} is given.
   */
  SheetRecord addSheet(
      Integer sheetId, String sheetTitle, int rowCount, int columnCount, Integer index) {
    if (sheet(sheetTitle) != null) {
      throw new IllegalArgumentException(
          "A sheet with the name \""
              + sheetTitle
              + "\" already exists. Please enter another name.");
    }
    int id = sheetId != null ? sheetId : sheets.isEmpty() ? 0 : newSheetId();
    if (sheetById(id) != null) {
      throw new IllegalArgumentException("A sheet with id " + id + " already exists.");
    }
    SheetRecord s = new SheetRecord(id, sheetTitle, rowCount, columnCount);
    int at = index == null ? sheets.size() : Math.max(0, Math.min(index, sheets.size()));
    sheets.add(at, s);
    return s;
  }

  private int newSheetId() {
    while (true) {
      int id = 1 + random.nextInt(Integer.MAX_VALUE - 1);
      if (sheetById(id) == null) {
        return id;
      }
    }
  }

  /** Cells in every tab's grid, empty or not: what Google's cell limit counts. */
  long cells() {
    long n = 0;
    for (SheetRecord s : sheets) {
      n += (long) s.rowCount * s.columnCount;
    }
    return n;
  }

  /** A tab by title; Sheets treats titles case-insensitively. */
  SheetRecord sheet(String sheetTitle) {
    for (SheetRecord s : sheets) {
      if (s.title.equals(sheetTitle)) {
        return s;
      }
    }
    for (SheetRecord s : sheets) {
      if (s.title.equalsIgnoreCase(sheetTitle)) {
        return s;
      }
    }
    return null;
  }

  SheetRecord sheetById(int sheetId) {
    for (SheetRecord s : sheets) {
      if (s.sheetId == sheetId) {
        return s;
      }
    }
    return null;
  }

  void share(String email) {
    sharedWith.add(email.toLowerCase(Locale.ROOT));
  }

  void unshare(String email) {
    sharedWith.remove(email.toLowerCase(Locale.ROOT));
  }

  boolean isSharedWith(String email) {
    return sharedWith.contains(email.toLowerCase(Locale.ROOT));
  }

  /**
   * Resolves an A1 range: the tab (named, or the first one), bounds filled in from the grid. Throws
   * 400 "Unable to parse range" for bad syntax and unknown tabs. The result may lie past the grid;
   * callers decide between {@link GridRange#requireWithinGrid()} and {@link GridRange#clamp()}.
   */
  GridRange resolve(String text) {
    A1Range a = A1Range.parse(text);
    SheetRecord s =
        a.sheet() == null ? (sheets.isEmpty() ? null : sheets.get(0)) : sheet(a.sheet());
    if (s == null) {
      throw SheetsError.unableToParseRange(text);
    }
    int r0 = a.startRow() == null ? 0 : a.startRow();
    int c0 = a.startCol() == null ? 0 : a.startCol();
    int r1 = a.endRow() == null ? Math.max(r0, s.rowCount - 1) : a.endRow();
    int c1 = a.endCol() == null ? Math.max(c0, s.columnCount - 1) : a.endCol();
    return new GridRange(s, r0, c0, r1, c1, a.singleCell());
  }

  // ---- snapshots ----

  /** Everything a batch may change, to restore when a later request in it fails. */
  record Snapshot(String title, List<SheetRecord> sheets, List<SheetRecord> copies) {}

  Snapshot snapshot() {
    List<SheetRecord> copies = new ArrayList<>();
    for (SheetRecord s : sheets) {
      copies.add(s.copy());
    }
    return new Snapshot(title, new ArrayList<>(sheets), copies);
  }

  void restore(Snapshot snap) {
    title = snap.title();
    sheets.clear();
    sheets.addAll(snap.sheets());
    for (int i = 0; i < snap.sheets().size(); i++) {
      snap.sheets().get(i).restoreFrom(snap.copies().get(i));
    }
  }
}
