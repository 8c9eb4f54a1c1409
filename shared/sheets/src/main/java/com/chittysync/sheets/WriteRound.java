package com.chittysync.sheets;

import com.chittysync.connect.Op;
import com.chittysync.core.config.ConfigException;
import com.google.api.services.sheets.v4.model.ValueRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One round of a batch: one read of the tab, every pending op judged against it, and the writes.
 *
 * <p>The read uses {@code FORMULA} rendering, so formula cells show as formulas. That rendering
 * shows text starting with {@code =} as it shows a formula, so when the ops' rows have such cells,
 * one more read of their grid data tells which are formulas. Then one {@code values.batchUpdate}
 * sets the changed cells, one {@code spreadsheets.batchUpdate} deletes rows bottom-up, and one
 * {@code values.append} inserts the new rows.
 *
 * <p>The new rows must fit the spreadsheet's cell limit ({@link CellLimit}) all together, or none
 * is appended: before anything of the round is written, the grid after the append (every other tab,
 * plus this tab grown by a row of its full width per new row, and by the managed key's column when
 * it is added) is compared with the limit, and when it is over, every create of the round fails
 * saying so, and neither the rows nor the managed key's column are written. A partial append would
 * leave the tab holding an arbitrary part of the new records; all or none keeps the outcome whole
 * and the reason the same for each. Updates and deletes of rows already in the tab never grow the
 * grid, so they are still written: one registry growing past its spreadsheet does not stop its
 * existing rows from being kept current. Rows deleted in the same round are not counted as room:
 * their delete may yet fail, and the next sync sees the room they leave.
 */
final class WriteRound {
  private final SheetsSettings settings;
  private final SheetsClient client;
  private final Grids grids;
  private final RowJudge judge;
  private final SheetRequests requests;

  WriteRound(
      SheetsSettings settings,
      SheetsClient client,
      Grids grids,
      RowJudge judge,
      SheetRequests requests) {
    this.settings = settings;
    this.client = client;
    this.grids = grids;
    this.judge = judge;
    this.requests = requests;
  }

  /** Runs the round for the ops at {@code pending}. Ops to try again go to the ledger's retries. */
  void run(List<Integer> pending, OpLedger ledger) {
    SheetsClient.Tab t = grids.tab();
    Optional<SheetTable> read = read(t, pending, ledger);
    if (read.isEmpty()) {
      return;
    }
    SheetTable table = read.get();
    SheetLayout layout = table.layout();
    Map<Integer, List<ValueRange>> updates = new LinkedHashMap<>();
    Map<Integer, Integer> deletes = new LinkedHashMap<>();
    List<Integer> creates = new ArrayList<>();
    for (int i : pending) {
      RowJudge.Verdict verdict = judge.judge(ledger.op(i), table);
      if (verdict instanceof RowJudge.Verdict.Done) {
        ledger.done(i);
      } else if (verdict instanceof RowJudge.Verdict.Stale stale) {
        ledger.stale(i, stale.reason());
      } else if (verdict instanceof RowJudge.Verdict.Failed failed) {
        ledger.fail(i, failed.reason());
      } else if (verdict instanceof RowJudge.Verdict.Update update) {
        updates.put(i, requests.runs(update.rowNumber(), update.cells()));
      } else if (verdict instanceof RowJudge.Verdict.Delete delete) {
        deletes.put(i, delete.rowNumber());
      } else {
        creates.add(i);
      }
    }

    if (!creates.isEmpty() && table.dataLeftOfHeaders()) {
      String column = A1.column(layout.firstColumn() - 1);
      for (int i : creates) {
        ledger.fail(
            i,
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
    if (!creates.isEmpty()) {
      int columnsAfter = keyColumn < 0 ? layout.lastColumn() + 2 : t.columns();
      String over =
          CellLimit.refusal(settings, t, grids.otherTabsCells(), creates.size(), columnsAfter);
      if (over != null) {
        for (int i : creates) {
          ledger.fail(i, over);
        }
        creates = List.of();
      }
    }
    ValueRange header = null;
    if (!creates.isEmpty() && keyColumn < 0) {
      // The connector's own key column does not exist yet: it goes right of the last header.
      keyColumn = layout.lastColumn() + 1;
      boolean room = true;
      if (keyColumn >= t.columns()) {
        try {
          client.batchUpdate(
              List.of(SheetRequests.appendColumns(t.sheetId(), keyColumn - t.columns() + 1)));
          grids.grew(keyColumn + 1);
        } catch (SheetsApiException e) {
          // A column appended twice is harmless; the new rows wait for the key column.
          ledger.failed(creates, e);
          creates = List.of();
          room = false;
        }
      }
      if (room) {
        header = requests.keyHeader(keyColumn);
      }
    }

    if (!updates.isEmpty() || header != null) {
      List<SheetRequests.ValuesChunk> chunks = requests.valuesChunks(updates, header);
      for (int c = 0; c < chunks.size(); c++) {
        try {
          client.setValues(chunks.get(c).cells());
          ledger.applied(chunks.get(c).ops());
        } catch (SheetsApiException e) {
          ledger.failed(chunks.get(c).ops(), e);
          if (header != null && c == 0) {
            // Rows appended without their key's header would be read back as rows without a key.
            ledger.failed(creates, e);
            creates = List.of();
          }
        }
      }
    }

    if (!deletes.isEmpty()) {
      try {
        client.batchUpdate(SheetRequests.deleteRequests(t.sheetId(), deletes.values()));
        grids.rowsChanged(-deletes.size());
        ledger.applied(deletes.keySet());
      } catch (SheetsApiException e) {
        ledger.failed(deletes.keySet(), e);
      }
    }

    if (!creates.isEmpty()) {
      append(creates, layout, keyColumn, ledger);
    }
  }

  /**
   * The tab as it is now, formula cells among the ops' rows told apart from text; empty when the
   * read failed and the ops' outcomes are recorded.
   */
  private Optional<SheetTable> read(SheetsClient.Tab t, List<Integer> pending, OpLedger ledger) {
    try {
      SheetTable table =
          SheetTable.of(
              client.values(SheetsEndpoint.range(settings, t), SheetsClient.Render.FORMULA),
              settings);
      return Optional.of(table.withFormulas(formulaCells(table, pending, ledger)));
    } catch (SheetsApiException e) {
      if (e.fatal()) {
        throw e;
      }
      for (int i : pending) {
        ledger.fail(i, e.getMessage());
      }
      return Optional.empty();
    } catch (ConfigException e) {
      for (int i : pending) {
        ledger.stale(i, "the tab's headers changed since the plan: " + e.getMessage());
      }
      return Optional.empty();
    }
  }

  /**
   * Which of the cells that the ops' rows show as text starting with {@code =} hold a formula: one
   * more read, of just those cells' columns, and only when there are such cells.
   */
  private Set<SheetsClient.GridCell> formulaCells(
      SheetTable table, List<Integer> pending, OpLedger ledger) {
    List<String> keys = new ArrayList<>(pending.size());
    for (int i : pending) {
      keys.add(ledger.op(i).key());
    }
    List<String> ranges = requests.formulaReads(table, keys);
    return ranges.isEmpty() ? Set.of() : client.formulaCells(ranges);
  }

  /**
   * Appends the new rows, one append per chunk under Google's advised request size. A chunk whose
   * answer is lost is recognised by its keys in the next round's read, so no row is appended twice.
   */
  private void append(List<Integer> creates, SheetLayout layout, int keyColumn, OpLedger ledger) {
    int first = layout.firstColumn();
    int last = Math.max(layout.lastColumn(), keyColumn);
    List<List<Object>> rows = new ArrayList<>(creates.size());
    for (int i : creates) {
      rows.add(requests.newRow((Op.Create) ledger.op(i), layout, keyColumn, first, last));
    }
    String range = requests.appendRange(first, last);
    for (List<Integer> chunk : RequestSize.chunks(rows)) {
      List<Integer> chunkOps = new ArrayList<>(chunk.size());
      List<List<Object>> chunkRows = new ArrayList<>(chunk.size());
      for (int k : chunk) {
        chunkOps.add(creates.get(k));
        chunkRows.add(rows.get(k));
      }
      try {
        String written = client.append(range, chunkRows);
        grids.rowsChanged(chunkRows.size());
        String misplaced = misplaced(written, first, chunkRows.size());
        if (misplaced == null) {
          ledger.applied(chunkOps);
        } else {
          for (int i : chunkOps) {
            ledger.fail(i, misplaced);
          }
        }
      } catch (SheetsApiException e) {
        ledger.failed(chunkOps, e);
      }
    }
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
