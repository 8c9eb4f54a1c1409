package com.chittysync.sheets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One read of a tab, from its header row down: the layout the headers give, and every row that
 * holds anything in a mapped column, with its key. Rows are addressed by key; their numbers are
 * only where they were at the time of this read.
 */
public final class SheetTable {
  /**
   * One non-blank row.
   *
   * @param number its one-based row number in the tab, at the time of the read
   * @param cells its cells from column A, ragged (a missing cell is empty)
   * @param key its key, trimmed; null when its key cell is empty
   */
  public record Row(int number, List<Object> cells, String key) {
    /** The cell in zero-based column {@code column}, null when empty or beyond the row's end. */
    public Object cell(int column) {
      return column >= 0 && column < cells.size() ? cells.get(column) : null;
    }
  }

  private final SheetLayout layout;
  private final List<Row> rows;
  private final Map<String, List<Row>> byKey;
  private final int lastRowNumber;
  private final boolean dataLeftOfHeaders;

  private SheetTable(
      SheetLayout layout, List<Row> rows, int lastRowNumber, boolean dataLeftOfHeaders) {
    this.dataLeftOfHeaders = dataLeftOfHeaders;
    this.layout = layout;
    this.rows = Collections.unmodifiableList(rows);
    Map<String, List<Row>> index = new LinkedHashMap<>(rows.size() * 2);
    for (Row row : rows) {
      if (row.key() != null) {
        index.computeIfAbsent(row.key(), k -> new ArrayList<>(1)).add(row);
      }
    }
    this.byKey = index;
    this.lastRowNumber = lastRowNumber;
  }

  /**
   * Parses {@code values}, read from column A of the header row down.
   *
   * @throws com.chittysync.core.config.ConfigException when the headers do not fit the settings
   */
  public static SheetTable of(List<List<Object>> values, SheetsSettings settings) {
    List<Object> header = values.isEmpty() ? List.of() : values.get(0);
    SheetLayout layout = SheetLayout.of(header, settings);
    List<Integer> watched = new ArrayList<>(layout.columns().values());
    if (layout.keyColumn() >= 0 && !watched.contains(layout.keyColumn())) {
      watched.add(layout.keyColumn());
    }
    List<Row> rows = new ArrayList<>(Math.max(0, values.size() - 1));
    int last = settings.headerRow();
    int left = layout.firstColumn() - 1;
    boolean dataLeft = false;
    for (int i = 1; i < values.size(); i++) {
      List<Object> cells = values.get(i);
      if (cells == null) {
        continue;
      }
      int number = settings.headerRow() + i;
      if (!cells.isEmpty()) {
        last = number;
      }
      if (left >= 0 && left < cells.size() && !CellCodec.blank(cells.get(left))) {
        dataLeft = true;
      }
      boolean blank = true;
      for (int c : watched) {
        if (c < cells.size() && !CellCodec.blank(cells.get(c))) {
          blank = false;
          break;
        }
      }
      if (blank) {
        continue; // nothing in a mapped column: not a record
      }
      Object keyCell =
          layout.keyColumn() >= 0 && layout.keyColumn() < cells.size()
              ? cells.get(layout.keyColumn())
              : null;
      // As typed: the engine refuses a key with surrounding whitespace or a control character,
      // and nothing may rewrite a key to make it fit (trimming synced "P1 " as "P1").
      String key = CellCodec.blank(keyCell) ? null : CellCodec.text(keyCell);
      rows.add(new Row(number, cells, key == null || key.isEmpty() ? null : key));
    }
    return new SheetTable(layout, rows, last, dataLeft);
  }

  /**
   * This read with the cells at {@code formulas} (zero-based grid places) as {@link
   * CellCodec.Formula}s: a {@code FORMULA} read shows a formula as text, the same as text that
   * starts with {@code =}.
   */
  public SheetTable withFormulas(Set<SheetsClient.GridCell> formulas) {
    if (formulas.isEmpty()) {
      return this;
    }
    List<Row> marked = new ArrayList<>(rows.size());
    for (Row row : rows) {
      List<Object> cells = null;
      for (int c = 0; c < row.cells().size(); c++) {
        Object cell = row.cells().get(c);
        if (cell instanceof String s
            && formulas.contains(new SheetsClient.GridCell(row.number() - 1, c))) {
          if (cells == null) {
            cells = new ArrayList<>(row.cells());
          }
          cells.set(c, new CellCodec.Formula(s));
        }
      }
      marked.add(cells == null ? row : new Row(row.number(), cells, row.key()));
    }
    return new SheetTable(layout, marked, lastRowNumber, dataLeftOfHeaders);
  }

  /** The columns. */
  public SheetLayout layout() {
    return layout;
  }

  /** The non-blank rows, top to bottom. */
  public List<Row> rows() {
    return rows;
  }

  /** The rows holding {@code key}: none, one, or several (a duplicate). */
  public List<Row> rows(String key) {
    return byKey.getOrDefault(key, List.of());
  }

  /** Keys held by more than one row. */
  public Map<String, List<Row>> duplicates() {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    byKey.forEach(
        (k, v) -> {
          if (v.size() > 1) {
            out.put(k, v);
          }
        });
    return out;
  }

  /**
   * Whether the column just left of the first header holds values below it: Sheets' append would
   * take that column as the table's first and shift new rows left.
   */
  public boolean dataLeftOfHeaders() {
    return dataLeftOfHeaders;
  }

  /** The number of the last row with any content (the header row when there is none). */
  public int lastRowNumber() {
    return lastRowNumber;
  }
}
