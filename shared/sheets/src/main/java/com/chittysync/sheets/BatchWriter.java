package com.chittysync.sheets;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.core.config.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.sheets.v4.model.AppendDimensionRequest;
import com.google.api.services.sheets.v4.model.DeleteDimensionRequest;
import com.google.api.services.sheets.v4.model.DimensionRange;
import com.google.api.services.sheets.v4.model.Request;
import com.google.api.services.sheets.v4.model.ValueRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Applies one batch of ops to a tab in as few requests as Sheets allows.
 *
 * <p>Each round reads the tab once ({@code FORMULA} rendering, so formula cells show as formulas)
 * and judges every op against what the row holding its key holds now: the op's precondition still
 * holds, so it is written; the row already holds the target as {@link SheetsEndpoint#represent}
 * gives it, so it is already applied (a re-run after a crash); or neither, so it is stale and left
 * for the next sync to re-plan. That rendering shows text starting with {@code =} as it shows a
 * formula, so when the ops' rows have such cells, one more read of their grid data tells which are
 * formulas: an op that would overwrite one fails, text is compared and written like any other
 * value. Rows are found by key in this read, never by a row number from an earlier one. Then one
 * {@code values.batchUpdate} sets the changed cells, one {@code spreadsheets.batchUpdate} deletes
 * rows bottom-up, and one {@code values.append} inserts the new rows.
 *
 * <p>A write refused for quota (429) or failing with a 5xx or no answer is tried again in a new
 * round, after a backoff, from a new read: a write whose outcome is unknown is then recognised as
 * applied by its effect, so an append is never repeated into a duplicate row. After {@code
 * max_retries} rounds the ops left fail with the reason, and the run goes on.
 */
final class BatchWriter {
  private static final System.Logger LOG = System.getLogger(BatchWriter.class.getName());

  private final SheetsSettings settings;
  private final SheetsClient client;
  private final RowCodec codec;
  private final Supplier<SheetsClient.Tab> tab;
  private final IntConsumer grew;
  private final Backoff backoff;

  private List<Op> ops;
  private OpResult[] results;
  private boolean[] attempted;
  private List<Integer> next;
  private String lastError;
  private long retryAfter;

  BatchWriter(
      SheetsSettings settings,
      SheetsClient client,
      RowCodec codec,
      Supplier<SheetsClient.Tab> tab,
      IntConsumer grew,
      Backoff backoff) {
    this.settings = settings;
    this.client = client;
    this.codec = codec;
    this.tab = tab;
    this.grew = grew;
    this.backoff = backoff;
  }

  /** Applies {@code batch}, reporting each op's outcome in order. */
  List<OpResult> apply(List<Op> batch) {
    this.ops = batch;
    this.results = new OpResult[batch.size()];
    this.attempted = new boolean[batch.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      String refused = unwritable(batch.get(i));
      if (refused != null) {
        results[i] = OpResult.failed(batch.get(i).opNo(), refused);
      } else {
        pending.add(i);
      }
    }
    for (int round = 0; !pending.isEmpty(); round++) {
      if (round > 0) {
        long wait = backoff.delay(round - 1, retryAfter);
        if (round <= settings.maxRetries()) {
          LOG.log(
              System.Logger.Level.INFO,
              "{0} op(s) not written yet ({1}); reading the tab again in {2} ms",
              pending.size(),
              lastError,
              wait);
        }
        if (round > settings.maxRetries() || !Backoff.sleep(wait)) {
          for (int i : pending) {
            results[i] =
                OpResult.failed(
                    ops.get(i).opNo(), "gave up after " + round + " tries: " + lastError);
          }
          break;
        }
      }
      next = new ArrayList<>();
      lastError = null;
      retryAfter = -1;
      round(pending);
      pending = next;
    }
    return Arrays.asList(results);
  }

  /** One read, the ops judged against it, and the writes. Ops to try again go to {@link #next}. */
  private void round(List<Integer> pending) {
    SheetsClient.Tab t = tab.get();
    SheetTable table;
    try {
      table =
          SheetTable.of(
              client.values(SheetsEndpoint.range(settings, t), SheetsClient.Render.FORMULA),
              settings);
      table = table.withFormulas(formulaCells(table, pending));
    } catch (SheetsApiException e) {
      if (e.fatal()) {
        throw e;
      }
      for (int i : pending) {
        results[i] = OpResult.failed(ops.get(i).opNo(), e.getMessage());
      }
      return;
    } catch (ConfigException e) {
      for (int i : pending) {
        results[i] =
            OpResult.stale(
                ops.get(i).opNo(), "the tab's headers changed since the plan: " + e.getMessage());
      }
      return;
    }
    SheetLayout layout = table.layout();
    Map<Integer, List<ValueRange>> updates = new LinkedHashMap<>();
    Map<Integer, Integer> deletes = new LinkedHashMap<>();
    List<Integer> creates = new ArrayList<>();
    for (int i : pending) {
      judge(i, table, updates, deletes, creates);
    }

    if (!creates.isEmpty() && table.dataLeftOfHeaders()) {
      String column = A1.column(layout.firstColumn() - 1);
      for (int i : creates) {
        results[i] =
            OpResult.failed(
                ops.get(i).opNo(),
                "column "
                    + column
                    + " of tab '"
                    + settings.sheet()
                    + "', just left of the headers, holds values: Sheets would take it as the"
                    + " table's first column and shift new rows into it. Give column "
                    + column
                    + " a header in row "
                    + settings.headerRow()
                    + ", or clear it");
      }
      creates = List.of();
    }
    int keyColumn = layout.keyColumn();
    List<ValueRange> cells = new ArrayList<>();
    updates.values().forEach(cells::addAll);
    boolean headerNeeded = !creates.isEmpty() && keyColumn < 0;
    if (headerNeeded) {
      // The connector's own key column does not exist yet: it goes right of the last header.
      keyColumn = layout.lastColumn() + 1;
      if (keyColumn >= t.columns()) {
        try {
          client.batchUpdate(
              List.of(
                  new Request()
                      .setAppendDimension(
                          new AppendDimensionRequest()
                              .setSheetId(t.sheetId())
                              .setDimension("COLUMNS")
                              .setLength(keyColumn - t.columns() + 1))));
          grew.accept(keyColumn + 1);
        } catch (SheetsApiException e) {
          // A column appended twice is harmless; the new rows wait for the key column.
          failed(creates, e);
          creates = List.of();
          headerNeeded = false;
        }
      }
      if (headerNeeded) {
        cells.add(
            new ValueRange()
                .setRange(A1.cell(settings.sheet(), keyColumn, settings.headerRow()))
                .setValues(List.of(List.of(SheetsSettings.MANAGED_KEY_HEADER))));
      }
    }

    if (!cells.isEmpty()) {
      // Requests stay under Google's advised size: the ops' cells go in chunks, each op's cells
      // together, the managed key's header (if any) in the first.
      List<List<Integer>> chunks = new ArrayList<>();
      List<List<ValueRange>> chunkCells = new ArrayList<>();
      List<Integer> opsNow = new ArrayList<>();
      List<ValueRange> cellsNow = new ArrayList<>();
      if (headerNeeded) {
        cellsNow.add(cells.get(cells.size() - 1));
      }
      long bytes = 0;
      for (Map.Entry<Integer, List<ValueRange>> e : updates.entrySet()) {
        long size = 0;
        for (ValueRange r : e.getValue()) {
          size += RequestSize.of(r.getValues()) + r.getRange().length() + 16;
        }
        if (bytes + size > RequestSize.MAX_BYTES && !cellsNow.isEmpty()) {
          chunks.add(opsNow);
          chunkCells.add(cellsNow);
          opsNow = new ArrayList<>();
          cellsNow = new ArrayList<>();
          bytes = 0;
        }
        opsNow.add(e.getKey());
        cellsNow.addAll(e.getValue());
        bytes += size;
      }
      if (!cellsNow.isEmpty()) {
        chunks.add(opsNow);
        chunkCells.add(cellsNow);
      }
      for (int c = 0; c < chunks.size(); c++) {
        try {
          client.setValues(chunkCells.get(c));
          applied(chunks.get(c));
        } catch (SheetsApiException e) {
          failed(chunks.get(c), e);
          if (headerNeeded && c == 0) {
            // Rows appended without their key's header would be read back as rows without a key.
            failed(creates, e);
            creates = List.of();
          }
        }
      }
    }

    if (!deletes.isEmpty()) {
      try {
        client.batchUpdate(deleteRequests(t.sheetId(), deletes.values()));
        applied(deletes.keySet());
      } catch (SheetsApiException e) {
        failed(deletes.keySet(), e);
      }
    }

    if (!creates.isEmpty()) {
      int first = layout.firstColumn();
      int last = Math.max(layout.lastColumn(), keyColumn);
      List<List<Object>> rows = new ArrayList<>(creates.size());
      for (int i : creates) {
        rows.add(newRow(((Op.Create) ops.get(i)), layout, keyColumn, first, last));
      }
      String range =
          A1.range(settings.sheet(), first, settings.headerRow(), last, settings.headerRow());
      // One append per chunk under Google's advised request size. A chunk whose answer is lost
      // is recognised by its keys in the next round's read, so no row is appended twice.
      for (List<Integer> chunk : RequestSize.chunks(rows)) {
        List<Integer> chunkOps = new ArrayList<>(chunk.size());
        List<List<Object>> chunkRows = new ArrayList<>(chunk.size());
        for (int k : chunk) {
          chunkOps.add(creates.get(k));
          chunkRows.add(rows.get(k));
        }
        try {
          String written = client.append(range, chunkRows);
          String misplaced = misplaced(written, first, chunkRows.size());
          if (misplaced == null) {
            applied(chunkOps);
          } else {
            for (int i : chunkOps) {
              results[i] = OpResult.failed(ops.get(i).opNo(), misplaced);
            }
          }
        } catch (SheetsApiException e) {
          failed(chunkOps, e);
        }
      }
    }
  }

  /**
   * Which of the cells that the ops' rows show as text starting with {@code =} hold a formula: one
   * more read, of just those cells' columns, and only when there are such cells.
   */
  private Set<SheetsClient.GridCell> formulaCells(SheetTable table, List<Integer> pending) {
    SheetLayout layout = table.layout();
    // column -> the first and last row numbers holding such a cell
    TreeMap<Integer, int[]> spans = new TreeMap<>();
    for (int i : pending) {
      for (SheetTable.Row row : table.rows(ops.get(i).key())) {
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
    if (spans.isEmpty()) {
      return Set.of();
    }
    List<String> ranges = new ArrayList<>(spans.size());
    spans.forEach(
        (column, rows) -> ranges.add(A1.range(settings.sheet(), column, rows[0], column, rows[1])));
    return client.formulaCells(ranges);
  }

  /** Decides op {@code i} from what its key's row holds now, or queues its write. */
  private void judge(
      int i,
      SheetTable table,
      Map<Integer, List<ValueRange>> updates,
      Map<Integer, Integer> deletes,
      List<Integer> creates) {
    Op op = ops.get(i);
    List<SheetTable.Row> rows = table.rows(op.key());
    if (rows.size() > 1) {
      List<String> numbers = new ArrayList<>();
      rows.forEach(r -> numbers.add(String.valueOf(r.number())));
      results[i] =
          OpResult.stale(
              op.opNo(),
              "rows "
                  + String.join(", ", numbers)
                  + " of tab '"
                  + settings.sheet()
                  + "' all hold key '"
                  + op.key()
                  + "'; nothing is written to either until only one does");
      return;
    }
    SheetTable.Row row = rows.isEmpty() ? null : rows.get(0);
    SheetLayout layout = table.layout();
    if (op instanceof Op.Create create) {
      if (row == null) {
        creates.add(i);
      } else if (codec.holds(row, layout, create.target(), settings.headers().keySet())) {
        results[i] = done(i);
      } else {
        results[i] =
            OpResult.stale(
                op.opNo(),
                "row "
                    + row.number()
                    + " of tab '"
                    + settings.sheet()
                    + "' holds key '"
                    + op.key()
                    + "' already, with other values (column '"
                    + header(
                        codec.firstDifference(
                            row, layout, create.target(), settings.headers().keySet()))
                    + "')");
      }
      return;
    }
    if (row == null) {
      if (op instanceof Op.Delete) {
        results[i] = done(i);
      } else {
        results[i] =
            OpResult.stale(
                op.opNo(),
                "no row of tab '"
                    + settings.sheet()
                    + "' holds key '"
                    + op.key()
                    + "' any more (deleted or re-keyed since the plan was made)");
      }
      return;
    }
    if (op instanceof Op.Update update) {
      // A formula is never overwritten, whatever else the row holds: the op fails saying so.
      for (String field : update.changes().keySet()) {
        int column = layout.column(field);
        if (column >= 0
            && !field.equals(settings.keyField())
            && row.cell(column) instanceof CellCodec.Formula formula) {
          results[i] =
              OpResult.failed(
                  op.opNo(),
                  "row "
                      + row.number()
                      + " (key '"
                      + op.key()
                      + "'): column '"
                      + settings.headers().get(field)
                      + "' ("
                      + A1.cell(column, row.number())
                      + ") holds a formula, "
                      + CellCodec.show(formula)
                      + ", which ChittySync never overwrites; change the cells it reads instead,"
                      + " or the value of '"
                      + field
                      + "' at the other endpoints");
          return;
        }
      }
      if (codec.holds(row, layout, update.target(), update.changes().keySet())) {
        results[i] = done(i);
        return;
      }
      if (!codec.holds(row, layout, update.expected(), Set.of())) {
        results[i] = changed(op, row, layout, update.expected());
        return;
      }
      TreeMap<Integer, Object> cells = new TreeMap<>();
      CanonicalRecord target = update.target();
      for (String field : update.changes().keySet()) {
        int column = layout.column(field);
        if (column < 0 || field.equals(settings.keyField())) {
          continue; // not kept in this tab
        }
        // The target's value, as represent() and holds() take it, not the change as sent.
        cells.put(column, CellCodec.write(codec.type(field), target.get(field)));
      }
      if (!cells.isEmpty()) {
        updates.put(i, runs(row.number(), cells));
      } else {
        results[i] = done(i);
      }
      return;
    }
    Op.Delete delete = (Op.Delete) op;
    if (codec.holds(row, layout, delete.expected(), Set.of())) {
      deletes.put(i, row.number());
    } else {
      results[i] = changed(op, row, layout, delete.expected());
    }
  }

  private OpResult changed(
      Op op, SheetTable.Row row, SheetLayout layout, CanonicalRecord expected) {
    return OpResult.stale(
        op.opNo(),
        "row "
            + row.number()
            + " (key '"
            + op.key()
            + "') changed since the plan was made (column '"
            + header(codec.firstDifference(row, layout, expected, Set.of()))
            + "'); the next sync takes the change into account");
  }

  private String header(String field) {
    return field == null ? "?" : settings.headers().getOrDefault(field, field);
  }

  /** Done: already so before this apply, or written in an earlier round whose answer was lost. */
  private OpResult done(int i) {
    Op op = ops.get(i);
    return attempted[i]
        ? OpResult.applied(op.opNo(), op.key())
        : OpResult.alreadyApplied(op.opNo(), op.key());
  }

  private void applied(Iterable<Integer> indices) {
    for (int i : indices) {
      results[i] = OpResult.applied(ops.get(i).opNo(), ops.get(i).key());
    }
  }

  private void failed(Iterable<Integer> indices, SheetsApiException e) {
    if (e.fatal()) {
      throw e;
    }
    for (int i : indices) {
      if (e.retryable()) {
        next.add(i);
        attempted[i] |= e.outcomeUnknown();
      } else {
        results[i] = OpResult.failed(ops.get(i).opNo(), e.getMessage());
      }
    }
    if (e.retryable()) {
      lastError = e.getMessage();
      retryAfter = Math.max(retryAfter, e.retryAfterMillis());
    }
  }

  /** A new row's cells from the table's first column to {@code last}, trailing blanks dropped. */
  private List<Object> newRow(
      Op.Create create, SheetLayout layout, int keyColumn, int first, int last) {
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

  /** Contiguous cells of one row as ranges: {@code 'Tab'!C7:E7}. */
  private List<ValueRange> runs(int rowNumber, TreeMap<Integer, Object> cells) {
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
  static List<Request> deleteRequests(int sheetId, java.util.Collection<Integer> rowNumbers) {
    List<Integer> sorted = new ArrayList<>(rowNumbers);
    sorted.sort(java.util.Comparator.reverseOrder());
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

  /** Why Sheets would refuse op {@code op}'s values, or null. */
  private String unwritable(Op op) {
    Map<String, JsonNode> values =
        op instanceof Op.Create c
            ? c.target().fields()
            : op instanceof Op.Update u ? u.changes() : Map.of();
    for (Map.Entry<String, JsonNode> e : values.entrySet()) {
      if (!settings.headers().containsKey(e.getKey()) && !e.getKey().equals(settings.keyField())) {
        continue;
      }
      Object cell = CellCodec.write(codec.type(e.getKey()), e.getValue());
      if (cell instanceof String s && s.length() > CellCodec.MAX_CELL_CHARS) {
        return "key '"
            + op.key()
            + "': field '"
            + e.getKey()
            + "' has "
            + String.format("%,d", s.length())
            + " characters; a Sheets cell holds at most "
            + String.format("%,d", CellCodec.MAX_CELL_CHARS);
      }
    }
    return null;
  }

  /** Why the append's answer shows rows written elsewhere than under the table, or null. */
  private String misplaced(String written, int firstColumn, int count) {
    if (written == null) {
      return null;
    }
    A1.Range r;
    try {
      r = A1.parse(written);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (r.firstColumn() == firstColumn && r.firstRow() > settings.headerRow()) {
      return null;
    }
    return "Sheets appended the "
        + count
        + " new row(s) at "
        + written
        + ", not under the headers from column "
        + A1.column(firstColumn)
        + "; check the header row "
        + settings.headerRow()
        + " for blank cells between headers";
  }
}
