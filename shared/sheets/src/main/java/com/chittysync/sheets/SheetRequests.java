package com.chittysync.sheets;

import com.chittysync.connect.Op;
import com.google.api.services.sheets.v4.model.AppendDimensionRequest;
import com.google.api.services.sheets.v4.model.DeleteDimensionRequest;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.ValueRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the bodies of the Sheets API requests that a write round sends for one tab. */
final class SheetRequests {
  /**
   * One {@code values.batchUpdate} under Google's advised request size.
   *
   * @param ops the ops whose cells it sets (none when it carries only the managed key's header)
   * @param cells the ranges it sets
   */
  record ValuesChunk(List<Integer> ops, List<ValueRange> cells) {}

  private final SheetsSettings settings;
  private final RowCodec codec;

  SheetRequests(SheetsSettings settings, RowCodec codec) {
    this.settings = settings;
    this.codec = codec;
  }

  /**
   * The ranges of one more read of the cells that the rows of {@code keys} show as text starting
   * with {@code =}: just those cells' columns, from the first to the last row holding one. Empty
   * when there are no such cells.
   */
  List<String> formulaReads(SheetTable table, Iterable<String> keys) {
    SheetLayout layout = table.layout();
    // column -> the first and last row numbers holding such a cell
    TreeMap<Integer, int[]> spans = new TreeMap<>();
    for (String key : keys) {
      for (SheetTable.Row row : table.rows(key)) {
        for (Map.Entry<String, Integer> e : layout.columns().entrySet()) {
          if (!e.getKey().equals(settings.keyField())
              && CellCodec.looksLikeFormula(row.cell(e.getValue()))) {
            spans.merge(
                e.getValue(),
                new int[] {row.number(), row.number()},
                (a, b) -> new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
          }
        }
      }
    }
    List<String> ranges = new ArrayList<>(spans.size());
    spans.forEach(
        (column, rows) -> ranges.add(A1.range(settings.sheet(), column, rows[0], column, rows[1])));
    return ranges;
  }

  /** An appendDimension request growing tab {@code sheetId} by {@code count} columns. */
  static Request appendColumns(int sheetId, int count) {
    return new Request()
        .setAppendDimension(
            new AppendDimensionRequest()
                .setSheetId(sheetId)
                .setDimension("COLUMNS")
                .setLength(count));
  }

  /** The managed key column's header cell, in the header row at {@code keyColumn}. */
  ValueRange keyHeader(int keyColumn) {
    return new ValueRange()
        .setRange(A1.cell(settings.sheet(), keyColumn, settings.headerRow()))
        .setValues(List.of(List.of(SheetsSettings.MANAGED_KEY_HEADER)));
  }

  /**
   * The ops' cells in chunks under Google's advised size, each op's cells together, the managed
   * key's {@code header} (if not null) in the first.
   */
  List<ValuesChunk> valuesChunks(Map<Integer, List<ValueRange>> updates, ValueRange header) {
    List<ValuesChunk> chunks = new ArrayList<>();
    List<Integer> opsNow = new ArrayList<>();
    List<ValueRange> cellsNow = new ArrayList<>();
    if (header != null) {
      cellsNow.add(header);
    }
    long bytes = 0;
    for (Map.Entry<Integer, List<ValueRange>> e : updates.entrySet()) {
      long size = 0;
      for (ValueRange r : e.getValue()) {
        size += RequestSize.of(r.getValues()) + r.getRange().length() + 16;
      }
      if (bytes + size > RequestSize.MAX_BYTES && !cellsNow.isEmpty()) {
        chunks.add(new ValuesChunk(opsNow, cellsNow));
        opsNow = new ArrayList<>();
        cellsNow = new ArrayList<>();
        bytes = 0;
      }
      opsNow.add(e.getKey());
      cellsNow.addAll(e.getValue());
      bytes += size;
    }
    if (!cellsNow.isEmpty()) {
      chunks.add(new ValuesChunk(opsNow, cellsNow));
    }
    return chunks;
  }

  /** Contiguous cells of one row as ranges: {@code 'Tab'!C7:E7}. */
  List<ValueRange> runs(int rowNumber, TreeMap<Integer, Object> cells) {
    List<ValueRange> ranges = new ArrayList<>();
    int start = -1;
    int previous = -2;
    List<Object> values = null;
    for (Map.Entry<Integer, Object> e : cells.entrySet()) {
      if (e.getKey() != previous + 1) {
        if (values != null) {
          ranges.add(range(start, previous, rowNumber, values));
        }
        start = e.getKey();
        values = new ArrayList<>();
      }
      values.add(e.getValue());
      previous = e.getKey();
    }
    if (values != null) {
      ranges.add(range(start, previous, rowNumber, values));
    }
    return ranges;
  }

  private ValueRange range(int first, int last, int row, List<Object> values) {
    return new ValueRange()
        .setRange(A1.range(settings.sheet(), first, row, last, row))
        .setValues(List.of(values));
  }

  /** deleteDimension requests for {@code rowNumbers}, contiguous rows merged, bottom-up. */
  static List<Request> deleteRequests(int sheetId, Collection<Integer> rowNumbers) {
    List<Integer> sorted = new ArrayList<>(rowNumbers);
    sorted.sort(Comparator.reverseOrder());
    List<Request> requests = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      int bottom = sorted.get(i);
      int top = bottom;
      while (i + 1 < sorted.size() && sorted.get(i + 1) == top - 1) {
        top = sorted.get(++i);
      }
      i++;
      requests.add(
          new Request()
              .setDeleteDimension(
                  new DeleteDimensionRequest()
                      .setRange(
                          new DimensionRange()
                              .setSheetId(sheetId)
                              .setDimension("ROWS")
                              .setStartIndex(top - 1)
                              .setEndIndex(bottom))));
    }
    return requests;
  }

  /** The range that {@code values.append} looks for the table in: the header row's cells. */
  String appendRange(int first, int last) {
    return A1.range(settings.sheet(), first, settings.headerRow(), last, settings.headerRow());
  }

  /** A new row's cells from the table's first column to {@code last}, trailing blanks dropped. */
  List<Object> newRow(Op.Create create, SheetLayout layout, int keyColumn, int first, int last) {
    Object[] cells = new Object[last - first + 1];
    Arrays.fill(cells, "");
    for (Map.Entry<String, Integer> e : layout.columns().entrySet()) {
      cells[e.getValue() - first] =
          CellCodec.write(codec.type(e.getKey()), create.target().get(e.getKey()));
    }
    cells[keyColumn - first] = create.key();
    int length = cells.length;
    while (length > 0 && "".equals(cells[length - 1])) {
      length--;
    }
    return new ArrayList<>(Arrays.asList(cells).subList(0, length));
  }
}
