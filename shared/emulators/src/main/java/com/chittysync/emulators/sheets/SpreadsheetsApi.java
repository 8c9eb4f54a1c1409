package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code spreadsheets.get}, {@code spreadsheets.batchUpdate} and {@code spreadsheets.create}. */
final class SpreadsheetsApi {
  private static final Set<String> BATCH =
      Set.of(
          "requests", "includeSpreadsheetInResponse", "responseRanges", "responseIncludeGridData");

  /** Field names Google accepts in masks on a Spreadsheet (checked two levels deep). */
  private static final Map<String, Object> SCHEMA = schema();

  private final Store store;

  SpreadsheetsApi(Store store) {
    this.store = store;
  }

  private static Map<String, Object> schema() {
    Map<String, Object> grid = new HashMap<>();
    for (String f :
        List.of(
            "rowCount",
            "columnCount",
            "frozenRowCount",
            "frozenColumnCount",
            "hideGridlines",
            "rowGroupControlAfter",
            "columnGroupControlAfter")) {
      grid.put(f, null);
    }
    Map<String, Object> props = new HashMap<>();
    for (String f :
        List.of(
            "sheetId",
            "title",
            "index",
            "sheetType",
            "hidden",
            "tabColor",
            "tabColorStyle",
            "rightToLeft",
            "dataSourceSheetProperties")) {
      props.put(f, null);
    }
    props.put("gridProperties", grid);
    Map<String, Object> sheet = new HashMap<>();
    for (String f :
        List.of(
            "data",
            "merges",
            "conditionalFormats",
            "filterViews",
            "protectedRanges",
            "basicFilter",
            "charts",
            "bandedRanges",
            "developerMetadata",
            "rowGroups",
            "columnGroups",
            "slicers",
            "tables")) {
      sheet.put(f, null);
    }
    sheet.put("properties", props);
    Map<String, Object> top = new HashMap<>();
    for (String f :
        List.of(
            "spreadsheetId",
            "properties",
            "namedRanges",
            "spreadsheetUrl",
            "developerMetadata",
            "dataSources",
            "dataSourceSchedules")) {
      top.put(f, null);
    }
    top.put("sheets", sheet);
    return top;
  }

  // ---- get ----

  HttpReply get(ApiRequest req, SpreadsheetRecord ss) {
    FieldMask mask = null;
    if (req.param("fields") != null) {
      mask = FieldMask.parse(req.param("fields"));
      mask.validate(SCHEMA, "");
    }
    ObjectNode out;
    synchronized (store) {
      // A mask makes includeGridData irrelevant, as documented; "sheets.data" asks for it.
      boolean gridData = req.flag("includeGridData") && mask == null;
      if (mask != null && req.param("fields").contains("data")) {
        gridData = true;
      }
      out = render(ss, req.params("ranges"), gridData);
    }
    if (mask != null) {
      mask.apply(out);
    }
    return HttpReply.ok(out);
  }

  /** The Spreadsheet resource; {@code ranges} limits tabs (and grid data) to those named. */
  static ObjectNode render(SpreadsheetRecord ss, List<String> ranges, boolean gridData) {
    Map<SheetRecord, List<GridRange>> wanted = new LinkedHashMap<>();
    for (String text : ranges) {
      GridRange g = ss.resolve(text).requireWithinGrid();
      wanted.computeIfAbsent(g.sheet(), s -> new ArrayList<>()).add(g);
    }
    ObjectNode out = Json.object();
    out.put("spreadsheetId", ss.id);
    ObjectNode props = out.putObject("properties");
    props.put("title", ss.title);
    props.put("locale", "en_US");
    props.put("autoRecalc", "ON_CHANGE");
    props.put("timeZone", "Etc/GMT");
    ArrayNode sheets = out.putArray("sheets");
    for (int i = 0; i < ss.sheets.size(); i++) {
      SheetRecord s = ss.sheets.get(i);
      if (!ranges.isEmpty() && !wanted.containsKey(s)) {
        continue;
      }
      ObjectNode sheet = sheets.addObject();
      sheet.set("properties", sheetProperties(s, i));
      if (gridData) {
        List<GridRange> parts = wanted.get(s);
        if (parts == null) {
          parts = List.of(new GridRange(s, 0, 0, s.rowCount - 1, s.columnCount - 1, false));
        }
        ArrayNode data = sheet.putArray("data");
        for (GridRange g : parts) {
          data.add(GridData.render(g));
        }
      }
    }
    out.put("spreadsheetUrl", "https://docs.google.com/spreadsheets/d/" + ss.id + "/edit");
    return out;
  }

  static ObjectNode sheetProperties(SheetRecord s, int index) {
    ObjectNode p = Json.object();
    p.put("sheetId", s.sheetId);
    p.put("title", s.title);
    p.put("index", index);
    p.put("sheetType", "GRID");
    p.putObject("gridProperties").put("rowCount", s.rowCount).put("columnCount", s.columnCount);
    return p;
  }

  // ---- create ----

  HttpReply create(ApiRequest req, String ownerEmail) {
    ObjectNode body = req.json();
    String title = body.path("properties").path("title").asText("Untitled spreadsheet");
    synchronized (store) {
      JsonNode tabs = body.path("sheets");
      long cells = tabs.isEmpty() ? 1000L * 26 : 0;
      for (JsonNode tab : tabs) {
        JsonNode grid = tab.path("properties").path("gridProperties");
        cells += (long) grid.path("rowCount").asInt(1000) * grid.path("columnCount").asInt(26);
      }
      store.requireWithinCellLimit(0, cells, "");
      SpreadsheetRecord ss = store.create(null, title);
      ss.share(ownerEmail);
      if (tabs.isEmpty()) {
        ss.addSheet(null, "Sheet1", 1000, 26, null);
      }
      for (JsonNode tab : tabs) {
        JsonNode p = tab.path("properties");
        JsonNode grid = p.path("gridProperties");
        ss.addSheet(
            p.has("sheetId") ? p.get("sheetId").asInt() : null,
            p.path("title").asText("Sheet" + (ss.sheets.size() + 1)),
            grid.path("rowCount").asInt(1000),
            grid.path("columnCount").asInt(26),
            null);
      }
      return HttpReply.ok(render(ss, List.of(), false));
    }
  }

  // ---- batchUpdate ----

  HttpReply batchUpdate(ApiRequest req, SpreadsheetRecord ss) {
    ObjectNode body = req.json();
    ApiRequest.onlyFields(body, "", BATCH);
    JsonNode requests = body.path("requests");
    if (!requests.isArray() || requests.isEmpty()) {
      throw SheetsError.badRequest("Must specify at least one request.");
    }
    synchronized (store) {
      // All or nothing: every request is applied to the live tabs in order; if one fails, the
      // snapshot taken before the first puts everything back.
      SpreadsheetRecord.Snapshot before = ss.snapshot();
      ArrayNode replies = Json.array();
      try {
        for (int i = 0; i < requests.size(); i++) {
          replies.add(new DimensionRequests(ss, i, store).apply(requests.get(i)));
        }
      } catch (RuntimeException e) {
        ss.restore(before);
        throw e;
      }
      ObjectNode out = Json.object();
      out.put("spreadsheetId", ss.id);
      out.set("replies", replies);
      if (body.path("includeSpreadsheetInResponse").asBoolean(false)) {
        List<String> ranges = new ArrayList<>();
        body.path("responseRanges").forEach(r -> ranges.add(r.asText()));
        out.set(
            "updatedSpreadsheet",
            render(ss, ranges, body.path("responseIncludeGridData").asBoolean(false)));
      }
      return HttpReply.ok(out);
    }
  }
}
