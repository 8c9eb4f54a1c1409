package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.BitSet;

/**
 * Values to write, already parsed into cells and oriented as rows: {@code null} skips a cell (JSON
 * null), {@link #CLEAR} empties it ({@code ""}), anything else replaces it. Built completely before
 * anything is written, so a bad value fails the request with nothing applied.
 */
final class Patch {
  /** Marks a cell to empty. */
  static final Cell CLEAR = Cell.string("");

  final Cell[][] cells;
  final int height;
  final int width;

  private Patch(Cell[][] cells, int height, int width) {
    this.cells = cells;
    this.height = height;
    this.width = width;
  }

  /** Whether {@code valueInputOption} was USER_ENTERED (vs RAW). */
  static Patch of(JsonNode values, boolean columns, boolean userEntered, String where) {
    if (values == null || values.isNull() || values.isMissingNode()) {
      return new Patch(new Cell[0][], 0, 0);
    }
    if (!values.isArray()) {
      throw SheetsError.badRequest(
          "Invalid value at '" + where + "values' (type.googleapis.com/google.protobuf.ListValue)");
    }
    int outer = values.size();
    int inner = 0;
    for (int i = 0; i < outer; i++) {
      JsonNode line = values.get(i);
      if (!line.isArray()) {
        throw SheetsError.badRequest(
            "Invalid value at '"
                + where
                + "values["
                + i
                + "]' (type.googleapis.com/google.protobuf.ListValue), "
                + line);
      }
      inner = Math.max(inner, line.size());
    }
    int height = columns ? inner : outer;
    int width = columns ? outer : inner;
    Cell[][] cells = new Cell[height][];
    for (int i = 0; i < outer; i++) {
      JsonNode line = values.get(i);
      for (int j = 0; j < line.size(); j++) {
        Cell cell = cell(line.get(j), userEntered, i, j);
        int r = columns ? j : i;
        int c = columns ? i : j;
        if (cells[r] == null) {
          cells[r] = new Cell[columns ? width : line.size()];
        }
        cells[r][c] = cell;
      }
    }
    return new Patch(cells, height, width);
  }

  private static Cell cell(JsonNode v, boolean userEntered, int i, int j) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      String s = v.textValue();
      if (s.isEmpty()) {
        return CLEAR;
      }
      return userEntered ? InputParser.userEntered(s) : InputParser.raw(s);
    }
    if (v.isNumber()) {
      return Cell.number(v.doubleValue(), null);
    }
    if (v.isBoolean()) {
      return Cell.bool(v.booleanValue());
    }
    String kind = v.isArray() ? "list_value" : "struct_value";
    throw SheetsError.badRequest("Invalid values[" + i + "][" + j + "]: " + kind + " " + v);
  }

  /** Result of applying a patch: what {@code UpdateValuesResponse} counts. */
  record Applied(
      String updatedRange, int rows, int columns, int cells, BitSet rowSet, BitSet colSet) {}

  /**
   * Writes the patch with its top-left at {@code (r0, c0)}; the caller checked the grid. Counts
   * rows, columns and cells that received a value (skipped nulls do not count).
   */
  Applied apply(SheetRecord sheet, int r0, int c0) {
    BitSet rowSet = new BitSet();
    BitSet colSet = new BitSet();
    int count = 0;
    for (int i = 0; i < height; i++) {
      Cell[] line = cells[i];
      if (line == null) {
        continue;
      }
      sheet.reserve(r0 + i, c0 + line.length);
      for (int j = 0; j < line.length; j++) {
        Cell cell = line[j];
        if (cell == null) {
          continue;
        }
        sheet.set(r0 + i, c0 + j, cell == CLEAR ? null : cell);
        rowSet.set(r0 + i);
        colSet.set(c0 + j);
        count++;
      }
    }
    String range =
        A1.range(sheet.title, r0, c0, r0 + Math.max(0, height - 1), c0 + Math.max(0, width - 1));
    return new Applied(range, rowSet.cardinality(), colSet.cardinality(), count, rowSet, colSet);
  }
}
