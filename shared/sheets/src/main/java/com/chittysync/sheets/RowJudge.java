package com.chittysync.sheets;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges each op against what the row holding its key holds now: the op's precondition still holds,
 * so it is written; the row already holds the target as {@link SheetsEndpoint#represent} gives it,
 * so it is already applied (a re-run after a crash); or neither, so it is stale and left for the
 * next sync to re-plan. Rows are found by key in the round's read, never by a row number from an
 * earlier one.
 */
final class RowJudge {
  /** What to do with one op, judged against one read of the tab. */
  sealed interface Verdict {
    /** The row holds the target already: nothing to write. */
    record Done() implements Verdict {}

    /** The plan no longer fits the row: left for the next sync to re-plan. */
    record Stale(String reason) implements Verdict {}

    /** The op cannot be written as it stands. */
    record Failed(String reason) implements Verdict {}

    /** Set {@code cells} (column to value) of row {@code rowNumber}. */
    record Update(int rowNumber, TreeMap<Integer, Object> cells) implements Verdict {}

    /** Delete row {@code rowNumber}. */
    record Delete(int rowNumber) implements Verdict {}

    /** Append the op's row: no row holds its key. */
    record Create() implements Verdict {}
  }

  private final SheetsSettings settings;
  private final RowCodec codec;

  RowJudge(SheetsSettings settings, RowCodec codec) {
    this.settings = settings;
    this.codec = codec;
  }

  /** Why Sheets would refuse op {@code op}'s values, or null. */
  String unwritable(Op op) {
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

  /** Decides {@code op} from what its key's row in {@code table} holds now. */
  Verdict judge(Op op, SheetTable table) {
    List<SheetTable.Row> rows = table.rows(op.key());
    if (rows.size() > 1) {
      List<String> numbers = new ArrayList<>();
      rows.forEach(r -> numbers.add(String.valueOf(r.number())));
      return new Verdict.Stale(
          "rows "
              + String.join(", ", numbers)
              + " of tab '"
              + settings.sheet()
              + "' all hold key '"
              + op.key()
              + "'; nothing is written to either until only one does");
    }
    SheetTable.Row row = rows.isEmpty() ? null : rows.get(0);
    SheetLayout layout = table.layout();
    if (op instanceof Op.Create create) {
      if (row == null) {
        return new Verdict.Create();
      } else if (codec.holds(row, layout, create.target(), settings.headers().keySet())) {
        return new Verdict.Done();
      } else {
        return new Verdict.Stale(
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
    }
    if (row == null) {
      if (op instanceof Op.Delete) {
        return new Verdict.Done();
      }
      return new Verdict.Stale(
          "no row of tab '"
              + settings.sheet()
              + "' holds key '"
              + op.key()
              + "' any more (deleted or re-keyed since the plan was made)");
    }
    if (op instanceof Op.Update update) {
      return judgeUpdate(update, row, layout);
    }
    Op.Delete delete = (Op.Delete) op;
    if (codec.holds(row, layout, delete.expected(), Set.of())) {
      return new Verdict.Delete(row.number());
    }
    return changed(op, row, layout, delete.expected());
  }

  private Verdict judgeUpdate(Op.Update update, SheetTable.Row row, SheetLayout layout) {
    // A formula is never overwritten, whatever else the row holds: the op fails saying so.
    for (String field : update.changes().keySet()) {
      int column = layout.column(field);
      if (column >= 0
          && !field.equals(settings.keyField())
          && row.cell(column) instanceof CellCodec.Formula formula) {
        return new Verdict.Failed(
            "row "
                + row.number()
                + " (key '"
                + update.key()
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
      }
    }
    if (codec.holds(row, layout, update.target(), update.changes().keySet())) {
      return new Verdict.Done();
    }
    if (!codec.holds(row, layout, update.expected(), Set.of())) {
      return changed(update, row, layout, update.expected());
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
    return cells.isEmpty() ? new Verdict.Done() : new Verdict.Update(row.number(), cells);
  }

  private Verdict changed(Op op, SheetTable.Row row, SheetLayout layout, CanonicalRecord expected) {
    return new Verdict.Stale(
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
}
