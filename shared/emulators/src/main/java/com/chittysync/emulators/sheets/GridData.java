package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code sheets[].data} for {@code includeGridData}: per cell {@code userEnteredValue}, {@code
 * effectiveValue}, {@code formattedValue} and the number format a person's typing set. Row and
 * column metadata, colours and other formatting are not emulated.
 */
final class GridData {
  private GridData() {}

  static ObjectNode render(GridRange g) {
    SheetRecord s = g.sheet();
    Evaluator eval = new Evaluator(s);
    ObjectNode data = Json.object();
    if (g.r0() > 0) {
      data.put("startRow", g.r0());
    }
    if (g.c0() > 0) {
      data.put("startColumn", g.c0());
    }
    ArrayNode rows = Json.array();
    int last = Math.min(g.r1(), s.lastDataRow());
    for (int r = g.r0(); r <= last; r++) {
      ObjectNode row = rows.addObject();
      int end = Math.min(g.c1(), s.rowLength(r) - 1);
      int lastCell = -1;
      for (int c = g.c0(); c <= end; c++) {
        if (s.get(r, c) != null) {
          lastCell = c;
        }
      }
      if (lastCell < 0) {
        continue;
      }
      ArrayNode values = row.putArray("values");
      for (int c = g.c0(); c <= lastCell; c++) {
        values.add(cell(s.get(r, c), eval, r, c));
      }
    }
    if (!rows.isEmpty()) {
      data.set("rowData", rows);
    }
    return data;
  }

  private static ObjectNode cell(Cell cell, Evaluator eval, int r, int c) {
    ObjectNode out = Json.object();
    if (cell == null) {
      return out;
    }
    ObjectNode entered = out.putObject("userEnteredValue");
    switch (cell.kind) {
      case STRING -> entered.put("stringValue", cell.string);
      case NUMBER -> entered.put("numberValue", cell.number);
      case BOOLEAN -> entered.put("boolValue", cell.bool);
      case FORMULA -> entered.put("formulaValue", cell.formula.text());
    }
    Value v = cell.kind == Cell.Kind.FORMULA ? eval.valueAt(r, c) : cell.constant();
    ObjectNode effective = Json.object();
    switch (v.kind) {
      case NUMBER -> effective.put("numberValue", v.number);
      case STRING -> effective.put("stringValue", v.text);
      case BOOLEAN -> effective.put("boolValue", v.bool);
      case ERROR ->
          effective.putObject("errorValue").put("type", errorType(v.text)).put("message", v.text);
      default -> {}
    }
    if (!effective.isEmpty()) {
      out.set("effectiveValue", effective);
      out.put("formattedValue", ValueFormatter.formatted(v));
    }
    if (cell.format != null) {
      out.putObject("userEnteredFormat")
          .putObject("numberFormat")
          .put("type", cell.format.type().name())
          .put("pattern", cell.format.sheetsPattern());
    }
    return out;
  }

  private static String errorType(String code) {
    return switch (code) {
      case "#REF!" -> "REF";
      case "#NAME?" -> "NAME";
      case "#VALUE!" -> "VALUE";
      case "#DIV/0!" -> "DIVIDE_BY_ZERO";
      case "#NUM!" -> "NUM";
      case "#N/A" -> "N_A";
      default -> "ERROR";
    };
  }
}
