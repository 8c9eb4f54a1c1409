package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spreadsheets.values.*}: get, batchGet, update, batchUpdate, append, clear, batchClear.
 * Each runs under the store's lock; reads are rendered under it and streamed after.
 */
final class ValuesApi {
  private static final Set<String> VALUE_RANGE = Set.of("range", "majorDimension", "values");
  private static final Set<String> BATCH_UPDATE =
      Set.of(
          "valueInputOption",
          "data",
          "includeValuesInResponse",
          "responseValueRenderOption",
          "responseDateTimeRenderOption");

  private final Store store;

  ValuesApi(Store store) {
    this.store = store;
  }

  // ---- reads ----

  HttpReply get(ApiRequest req, SpreadsheetRecord ss, String rangeText) {
    RenderOptions opts =
        RenderOptions.parse(req.param("valueRenderOption"), req.param("dateTimeRenderOption"), "");
    boolean columns = columns(req.param("majorDimension"), "major_dimension");
    String echo;
    List<Object[]> values;
    synchronized (store) {
      GridRange g = ss.resolve(rangeText).requireWithinGrid();
      echo = g.a1();
      values = ValueReader.read(g, opts, columns);
    }
    return HttpReply.streamed(out -> ValueReader.write(out, echo, columns, values));
  }

  HttpReply batchGet(ApiRequest req, SpreadsheetRecord ss) {
    RenderOptions opts =
        RenderOptions.parse(req.param("valueRenderOption"), req.param("dateTimeRenderOption"), "");
    boolean columns = columns(req.param("majorDimension"), "major_dimension");
    List<String> echoes = new ArrayList<>();
    List<List<Object[]>> results = new ArrayList<>();
    synchronized (store) {
      for (String text : req.params("ranges")) {
        GridRange g = ss.resolve(text).requireWithinGrid();
        echoes.add(g.a1());
        results.add(ValueReader.read(g, opts, columns));
      }
    }
    String id = ss.id;
    return HttpReply.streamed(
        out -> {
          out.writeStartObject();
          out.writeStringField("spreadsheetId", id);
          if (!echoes.isEmpty()) {
            out.writeArrayFieldStart("valueRanges");
            for (int i = 0; i < echoes.size(); i++) {
              ValueReader.write(out, echoes.get(i), columns, results.get(i));
            }
            out.writeEndArray();
          }
          out.writeEndObject();
        });
  }

  // ---- writes ----

  HttpReply update(ApiRequest req, SpreadsheetRecord ss, String rangeText) {
    boolean userEntered = valueInputOption(req.param("valueInputOption"));
    ObjectNode body = req.json();
    ApiRequest.onlyFields(body, "", VALUE_RANGE);
    boolean columns = columns(text(body, "majorDimension"), "major_dimension");
    RenderOptions responseOpts =
        RenderOptions.parse(
            req.param("responseValueRenderOption"),
            req.param("responseDateTimeRenderOption"),
            "response_");
    synchronized (store) {
      GridRange g = ss.resolve(rangeText);
      checkBodyRange(ss, body, g, "");
      Patch patch = Patch.of(body.get("values"), columns, userEntered, "");
      int[] at = target(g, patch);
      Patch.Applied done = patch.apply(g.sheet(), at[0], at[1]);
      return HttpReply.ok(
          response(ss, g, patch, done, req.flag("includeValuesInResponse"), responseOpts));
    }
  }

  HttpReply batchUpdate(ApiRequest req, SpreadsheetRecord ss) {
    ObjectNode body = req.json();
    ApiRequest.onlyFields(body, "", BATCH_UPDATE);
    boolean userEntered = valueInputOption(text(body, "valueInputOption"));
    RenderOptions responseOpts =
        RenderOptions.parse(
            text(body, "responseValueRenderOption"),
            text(body, "responseDateTimeRenderOption"),
            "response_");
    boolean include = body.path("includeValuesInResponse").asBoolean(false);
    JsonNode data = body.path("data");
    synchronized (store) {
      // Validate every range first: a bad one fails the batch with nothing written.
      List<GridRange> targets = new ArrayList<>();
      List<Patch> patches = new ArrayList<>();
      List<int[]> anchors = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        JsonNode vr = data.get(i);
        String where = "data[" + i + "]";
        ApiRequest.onlyFields(vr, where, VALUE_RANGE);
        String range = text(vr, "range");
        if (range == null) {
          throw SheetsError.badRequest("Invalid " + where + ": range is required.");
        }
        GridRange g = ss.resolve(range);
        boolean columns = columns(text(vr, "majorDimension"), where + ".major_dimension");
        Patch patch = Patch.of(vr.get("values"), columns, userEntered, where + ".");
        anchors.add(target(g, patch));
        targets.add(g);
        patches.add(patch);
      }
      ObjectNode out = Json.object();
      out.put("spreadsheetId", ss.id);
      Map<SheetRecord, BitSet[]> touched = new LinkedHashMap<>();
      int totalCells = 0;
      ArrayNode responses = Json.array();
      for (int i = 0; i < targets.size(); i++) {
        GridRange g = targets.get(i);
        Patch.Applied done = patches.get(i).apply(g.sheet(), anchors.get(i)[0], anchors.get(i)[1]);
        responses.add(response(ss, g, patches.get(i), done, include, responseOpts));
        if (done.cells() > 0) {
          BitSet[] sets =
              touched.computeIfAbsent(g.sheet(), s -> new BitSet[] {new BitSet(), new BitSet()});
          sets[0].or(done.rowSet());
          sets[1].or(done.colSet());
        }
        totalCells += done.cells();
      }
      // Totals count distinct rows and columns (fixture 04: A1:A4 + B1:D2 → 4 rows, 4 columns).
      int rows = 0;
      int cols = 0;
      for (BitSet[] sets : touched.values()) {
        rows += sets[0].cardinality();
        cols += sets[1].cardinality();
      }
      if (!targets.isEmpty()) {
        out.put("totalUpdatedRows", rows);
        out.put("totalUpdatedColumns", cols);
        out.put("totalUpdatedCells", totalCells);
        out.put("totalUpdatedSheets", touched.size());
        out.set("responses", responses);
      }
      return HttpReply.ok(out);
    }
  }

  HttpReply append(ApiRequest req, SpreadsheetRecord ss, String rangeText) {
    boolean userEntered = valueInputOption(req.param("valueInputOption"));
    String insert = req.param("insertDataOption");
    boolean insertRows;
    if (insert == null || insert.equals("OVERWRITE")) {
      insertRows = false;
    } else if (insert.equals("INSERT_ROWS")) {
      insertRows = true;
    } else {
      throw SheetsError.badEnum("insert_data_option", "InsertDataOption", insert);
    }
    ObjectNode body = req.json();
    ApiRequest.onlyFields(body, "", VALUE_RANGE);
    boolean columns = columns(text(body, "majorDimension"), "major_dimension");
    RenderOptions responseOpts =
        RenderOptions.parse(
            req.param("responseValueRenderOption"),
            req.param("responseDateTimeRenderOption"),
            "response_");
    synchronized (store) {
      GridRange input = ss.resolve(rangeText).requireWithinGrid();
      checkBodyRange(ss, body, input, "");
      Patch patch = Patch.of(body.get("values"), columns, userEntered, "");
      SheetRecord sheet = input.sheet();
      TableFinder.Table table = TableFinder.find(input);
      int row = table == null ? input.r0() : table.r1() + 1;
      int col = table == null ? input.c0() : table.c0();
      if (patch.height > 0) {
        // Checked before anything moves: a refused append leaves the tab as it was.
        long rowsAfter =
            insertRows
                ? sheet.rowCount + patch.height
                : Math.max(sheet.rowCount, row + patch.height);
        long columnsAfter = Math.max(sheet.columnCount, col + patch.width);
        long before = ss.cells();
        store.requireWithinCellLimit(
            before,
            before - (long) sheet.rowCount * sheet.columnCount + rowsAfter * columnsAfter,
            "");
        if (insertRows) {
          sheet.insertRows(row, patch.height);
        }
        // "Adding data to the end of the sheet will still insert new rows or columns."
        sheet.rowCount = Math.max(sheet.rowCount, row + patch.height);
        sheet.columnCount = Math.max(sheet.columnCount, col + patch.width);
      }
      Patch.Applied done = patch.apply(sheet, row, col);
      ObjectNode out = Json.object();
      out.put("spreadsheetId", ss.id);
      if (table != null) {
        out.put(
            "tableRange", A1.range(sheet.title, table.r0(), table.c0(), table.r1(), table.c1()));
      }
      GridRange written =
          new GridRange(
              sheet,
              row,
              col,
              row + Math.max(0, patch.height - 1),
              col + Math.max(0, patch.width - 1),
              false);
      out.set(
          "updates",
          response(ss, written, patch, done, req.flag("includeValuesInResponse"), responseOpts));
      return HttpReply.ok(out);
    }
  }

  HttpReply clear(ApiRequest req, SpreadsheetRecord ss, String rangeText) {
    ApiRequest.onlyFields(req.json(), "", Set.of());
    synchronized (store) {
      GridRange g = ss.resolve(rangeText).clamp();
      clearCells(g);
      ObjectNode out = Json.object();
      out.put("spreadsheetId", ss.id);
      out.put("clearedRange", g.a1());
      return HttpReply.ok(out);
    }
  }

  HttpReply batchClear(ApiRequest req, SpreadsheetRecord ss) {
    ObjectNode body = req.json();
    ApiRequest.onlyFields(body, "", Set.of("ranges"));
    synchronized (store) {
      List<GridRange> ranges = new ArrayList<>();
      for (JsonNode r : body.path("ranges")) {
        ranges.add(ss.resolve(r.asText()).clamp());
      }
      ObjectNode out = Json.object();
      out.put("spreadsheetId", ss.id);
      ArrayNode cleared = Json.array();
      for (GridRange g : ranges) {
        clearCells(g);
        cleared.add(g.a1());
      }
      if (!cleared.isEmpty()) {
        out.set("clearedRanges", cleared);
      }
      return HttpReply.ok(out);
    }
  }

  // ---- helpers ----

  private static void clearCells(GridRange g) {
    SheetRecord s = g.sheet();
    int last = Math.min(g.r1(), s.rows.size() - 1);
    for (int r = g.r0(); r <= last; r++) {
      int end = Math.min(g.c1(), s.rowLength(r) - 1);
      for (int c = g.c0(); c <= end; c++) {
        s.set(r, c, null);
      }
    }
  }

  /**
   * Where a patch goes, checked: a one-cell range is an anchor the data may extend from; a larger
   * range must hold the data. Either way it must fit the grid (only append grows it).
   */
  private static int[] target(GridRange g, Patch patch) {
    if (!g.withinGrid()) {
      throw g.exceedsGrid();
    }
    if (!g.singleCell()) {
      if (patch.height > g.rows()) {
        throw SheetsError.badRequest(
            "Requested writing within range ["
                + g.a1()
                + "], but tried writing to row ["
                + (g.r0() + patch.height)
                + "]");
      }
      if (patch.width > g.columns()) {
        throw SheetsError.badRequest(
            "Requested writing within range ["
                + g.a1()
                + "], but tried writing to column ["
                + A1.column(g.c0() + patch.width - 1)
                + "]");
      }
    }
    if (patch.height > 0 && patch.width > 0) {
      GridRange written =
          new GridRange(
              g.sheet(),
              g.r0(),
              g.c0(),
              g.r0() + patch.height - 1,
              g.c0() + patch.width - 1,
              false);
      if (!written.withinGrid()) {
        throw written.exceedsGrid();
      }
    }
    return new int[] {g.r0(), g.c0()};
  }

  private static ObjectNode response(
      SpreadsheetRecord ss,
      GridRange g,
      Patch patch,
      Patch.Applied done,
      boolean includeValues,
      RenderOptions opts) {
    ObjectNode r = Json.object();
    r.put("spreadsheetId", ss.id);
    String range = patch.height == 0 || patch.width == 0 ? g.a1() : done.updatedRange();
    r.put("updatedRange", range);
    if (done.cells() > 0) {
      r.put("updatedRows", done.rows());
      r.put("updatedColumns", done.columns());
      r.put("updatedCells", done.cells());
    }
    if (includeValues) {
      GridRange written = ss.resolve(range);
      r.set("updatedData", ValueReader.tree(range, false, ValueReader.read(written, opts, false)));
    }
    return r;
  }

  /** A body {@code range} must name the same cells as the URL. */
  private static void checkBodyRange(
      SpreadsheetRecord ss, JsonNode body, GridRange url, String at) {
    String text = text(body, "range");
    if (text == null) {
      return;
    }
    GridRange b = ss.resolve(text);
    if (b.sheet() != url.sheet()
        || b.r0() != url.r0()
        || b.c0() != url.c0()
        || b.r1() != url.r1()
        || b.c1() != url.c1()) {
      throw SheetsError.badRequest(
          "Invalid "
              + at
              + "ValueRange: the range in the body ("
              + b.a1()
              + ") does not match the range in the URL ("
              + url.a1()
              + ").");
    }
  }

  /** USER_ENTERED → true, RAW → false; required, as the API says. */
  static boolean valueInputOption(String v) {
    if (v == null) {
      throw SheetsError.badRequest("'valueInputOption' is required but not specified");
    }
    return switch (v) {
      case "USER_ENTERED" -> true;
      case "RAW" -> false;
      case "INPUT_VALUE_OPTION_UNSPECIFIED" ->
          throw SheetsError.badRequest("Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED");
      default -> throw SheetsError.badEnum("value_input_option", "ValueInputOption", v);
    };
  }

  private static boolean columns(String v, String field) {
    if (v == null || v.equals("ROWS") || v.equals("DIMENSION_UNSPECIFIED")) {
      return false;
    }
    if (v.equals("COLUMNS")) {
      return true;
    }
    throw SheetsError.badEnum(field, "Dimension", v);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
