package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a range into rendered rows, as {@code values.get} returns them: each row stops at its last
 * non-empty cell, trailing empty rows are dropped, empty cells inside a row are {@code ""}.
 *
 * <p>A rendered cell is a {@code String}, a {@code Double}, a {@code Boolean} or null (empty).
 * Reading happens under the store's lock; writing JSON happens after, without it.
 */
final class ValueReader {
  private ValueReader() {}

  /** Rows (or columns, with {@code columns}) of rendered values; empty when the range is. */
  static List<Object[]> read(GridRange g, RenderOptions options, boolean columns) {
    SheetRecord sheet = g.sheet();
    Evaluator eval = new Evaluator(sheet);
    List<Object[]> out = new ArrayList<>();
    int lastRow = Math.min(g.r1(), sheet.rows.size() - 1);
    int kept = 0;
    for (int r = g.r0(); r <= lastRow; r++) {
      int end = Math.min(g.c1(), sheet.rowLength(r) - 1);
      Object[] buf = null;
      int last = -1;
      for (int c = g.c0(); c <= end; c++) {
        Object v = render(sheet, eval, r, c, options);
        if (v != null) {
          if (buf == null) {
            buf = new Object[end - g.c0() + 1];
          }
          buf[c - g.c0()] = v;
          last = c - g.c0();
        }
      }
      Object[] row = last < 0 ? new Object[0] : Arrays.copyOf(buf, last + 1);
      out.add(row);
      if (row.length > 0) {
        kept = out.size();
      }
    }
    List<Object[]> rows = out.subList(0, kept);
    return columns ? transpose(rows) : rows;
  }

  private static List<Object[]> transpose(List<Object[]> rows) {
    int width = 0;
    for (Object[] row : rows) {
      width = Math.max(width, row.length);
    }
    List<Object[]> cols = new ArrayList<>(width);
    for (int c = 0; c < width; c++) {
      int last = -1;
      for (int r = 0; r < rows.size(); r++) {
        if (c < rows.get(r).length && rows.get(r)[c] != null) {
          last = r;
        }
      }
      Object[] col = new Object[last + 1];
      for (int r = 0; r <= last; r++) {
        col[r] = c < rows.get(r).length ? rows.get(r)[c] : null;
      }
      cols.add(col);
    }
    return cols;
  }

  /** One cell per the render options; null when it shows nothing. */
  static Object render(SheetRecord sheet, Evaluator eval, int r, int c, RenderOptions options) {
    Cell cell = sheet.get(r, c);
    if (cell == null) {
      return null;
    }
    if (cell.kind == Cell.Kind.FORMULA && options.value() == RenderOptions.ValueRender.FORMULA) {
      return cell.formula.text();
    }
    Value v = cell.kind == Cell.Kind.FORMULA ? eval.valueAt(r, c) : cell.constant();
    return render(v, options);
  }

  static Object render(Value v, RenderOptions options) {
    if (v.isEmpty() || (v.kind == Value.Kind.STRING && v.text.isEmpty())) {
      return null;
    }
    if (options.value() == RenderOptions.ValueRender.FORMATTED_VALUE) {
      return ValueFormatter.formatted(v);
    }
    return switch (v.kind) {
      case NUMBER ->
          v.format != null
                  && v.format.isDateLike()
                  && options.dateTime() == RenderOptions.DateTimeRender.FORMATTED_STRING
              ? ValueFormatter.formatted(v)
              : (Object) v.number;
      case BOOLEAN -> v.bool;
      default -> v.text;
    };
  }

  // ---- output ----

  /** Streams a ValueRange: {@code {"range","majorDimension","values"?}}. */
  static void write(JsonGenerator g, String range, boolean columns, List<Object[]> values)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("range", range);
    g.writeStringField("majorDimension", columns ? "COLUMNS" : "ROWS");
    if (!values.isEmpty()) {
      g.writeArrayFieldStart("values");
      for (Object[] row : values) {
        g.writeStartArray();
        for (Object v : row) {
          writeValue(g, v);
        }
        g.writeEndArray();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeString("");
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      double d = (Double) v;
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        g.writeNumber((long) d);
      } else {
        g.writeNumber(d);
      }
    }
  }

  /** The same ValueRange as a tree (for {@code updatedData} in write responses). */
  static ObjectNode tree(String range, boolean columns, List<Object[]> values) {
    ObjectNode node = Json.object();
    node.put("range", range);
    node.put("majorDimension", columns ? "COLUMNS" : "ROWS");
    if (!values.isEmpty()) {
      ArrayNode arr = node.putArray("values");
      for (Object[] row : values) {
        ArrayNode a = arr.addArray();
        for (Object v : row) {
          if (v == null) {
            a.add("");
          } else if (v instanceof String s) {
            a.add(s);
          } else if (v instanceof Boolean b) {
            a.add(b);
          } else {
            a.add(javaNumber((Double) v));
          }
        }
      }
    }
    return node;
  }

  /** Rows as Java lists, numbers as BigDecimal (what the Google Java client gives too). */
  static List<List<Object>> toJava(List<Object[]> rows) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      List<Object> list = new ArrayList<>(row.length);
      for (Object v : row) {
        list.add(v == null ? "" : v instanceof Double d ? javaNumber(d) : v);
      }
      out.add(list);
    }
    return out;
  }

  static BigDecimal javaNumber(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15
        ? BigDecimal.valueOf((long) d)
        : BigDecimal.valueOf(d);
  }
}
