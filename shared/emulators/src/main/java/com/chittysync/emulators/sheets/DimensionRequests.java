package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * One request of a {@code spreadsheets.batchUpdate}: deleteDimension, insertDimension,
 * appendDimension, addSheet, deleteSheet, updateSheetProperties, updateSpreadsheetProperties.
 * Replies follow Google's {@code Response} schema: only addSheet has one; the others reply {@code
 * {}}. Errors are phrased {@code Invalid requests[i].kind: ...} as Google does.
 */
final class DimensionRequests {
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "updateCells",
          "repeatCell",
          "sortRange",
          "moveDimension",
          "updateDimensionProperties",
          "autoResizeDimensions",
          "insertRange",
          "deleteRange",
          "copyPaste",
          "cutPaste",
          "findReplace",
          "mergeCells",
          "unmergeCells",
          "setDataValidation",
          "setBasicFilter",
          "addNamedRange",
          "addProtectedRange",
          "addConditionalFormatRule",
          "duplicateSheet",
          "pasteData",
          "appendCells",
          "textToColumns",
          "updateBorders",
          "addChart",
          "trimWhitespace",
          "deleteDuplicates",
          "addBanding",
          "addFilterView",
          "createDeveloperMetadata",
          "addTable");

  private final SpreadsheetRecord ss;
  private final int index;
  private final Store store;
  private String kind;

  DimensionRequests(SpreadsheetRecord ss, int index, Store store) {
    this.ss = ss;
    this.index = index;
    this.store = store;
  }

  /**
   * Applies one request and returns its reply; a request that takes the spreadsheet over the cell
   * limit fails (the caller's snapshot undoes it and the rest of the batch).
   */
  ObjectNode apply(JsonNode request) {
    long before = ss.cells();
    ObjectNode reply = applyOne(request);
    store.requireWithinCellLimit(
        before, ss.cells(), "Invalid requests[" + index + "]." + kind + ": ");
    return reply;
  }

  private ObjectNode applyOne(JsonNode request) {
    if (!request.isObject() || request.size() != 1) {
      throw SheetsError.badRequest(
          "Invalid requests[" + index + "]: exactly one kind of request must be set.");
    }
    Iterator<String> names = request.fieldNames();
    kind = names.next();
    JsonNode body = request.get(kind);
    switch (kind) {
      case "deleteDimension":
        deleteDimension(body.path("range"));
        return Json.object();
      case "insertDimension":
        insertDimension(body.path("range"), body.path("inheritFromBefore").asBoolean(false));
        return Json.object();
      case "appendDimension":
        appendDimension(body);
        return Json.object();
      case "addSheet":
        return addSheet(body.path("properties"));
      case "deleteSheet":
        deleteSheet(body);
        return Json.object();
      case "updateSheetProperties":
        updateSheetProperties(body);
        return Json.object();
      case "updateSpreadsheetProperties":
        if (body.path("properties").has("title")) {
          ss.title = body.path("properties").path("title").asText();
        }
        return Json.object();
      default:
        if (UNSUPPORTED.contains(kind)) {
          throw fail(kind + " is not emulated by the ChittySync Sheets emulator.");
        }
        throw SheetsError.badRequest(
            "Invalid JSON payload received. Unknown name \""
                + kind
                + "\" at 'requests["
                + index
                + "]': Cannot find field.");
    }
  }

  private SheetsError fail(String message) {
    return SheetsError.badRequest("Invalid requests[" + index + "]." + kind + ": " + message);
  }

  private SheetRecord sheet(JsonNode sheetId) {
    int id = sheetId.asInt(0);
    SheetRecord s = ss.sheetById(id);
    if (s == null) {
      throw fail("No grid with id: " + id);
    }
    return s;
  }

  private boolean rows(JsonNode dimension) {
    String d = dimension.asText("");
    return switch (d) {
      case "ROWS" -> true;
      case "COLUMNS" -> false;
      default -> throw fail("range.dimension must be ROWS or COLUMNS, got \"" + d + "\".");
    };
  }

  private void deleteDimension(JsonNode range) {
    SheetRecord s = sheet(range.path("sheetId"));
    boolean rows = rows(range.path("dimension"));
    int size = rows ? s.rowCount : s.columnCount;
    int start = range.has("startIndex") ? range.get("startIndex").asInt() : 0;
    int end = range.has("endIndex") ? range.get("endIndex").asInt() : size;
    String what = rows ? "row" : "column";
    if (start < 0 || end <= start) {
      throw fail(
          "range.startIndex (" + start + ") must be less than range.endIndex (" + end + ").");
    }
    if (end > size) {
      throw fail(
          "Cannot delete a "
              + what
              + " that doesn't exist. Tried to delete "
              + what
              + " index "
              + (end - 1)
              + " but there are only "
              + size
              + " "
              + what
              + "s.");
    }
    if (start == 0 && end == size) {
      throw fail("You can't delete all the " + what + "s on the sheet.");
    }
    if (rows) {
      s.deleteRows(start, end - start);
    } else {
      s.deleteColumns(start, end - start);
    }
  }

  private void insertDimension(JsonNode range, boolean inheritFromBefore) {
    SheetRecord s = sheet(range.path("sheetId"));
    boolean rows = rows(range.path("dimension"));
    if (!range.has("startIndex") || !range.has("endIndex")) {
      throw fail("range must have both startIndex and endIndex set.");
    }
    int start = range.get("startIndex").asInt();
    int end = range.get("endIndex").asInt();
    int size = rows ? s.rowCount : s.columnCount;
    if (start < 0 || end <= start) {
      throw fail(
          "range.startIndex (" + start + ") must be less than range.endIndex (" + end + ").");
    }
    if (start > size) {
      throw fail(
          "range.startIndex ("
              + start
              + ") must be at most the number of "
              + (rows ? "rows" : "columns")
              + " ("
              + size
              + ").");
    }
    if (inheritFromBefore && start == 0) {
      throw fail("Cannot inherit properties from before when inserting at index 0.");
    }
    if (rows) {
      s.insertRows(start, end - start);
    } else {
      s.insertColumns(start, end - start);
    }
  }

  private void appendDimension(JsonNode body) {
    SheetRecord s = sheet(body.path("sheetId"));
    boolean rows = rows(body.path("dimension"));
    int length = body.path("length").asInt(0);
    if (length <= 0) {
      throw fail("length must be positive.");
    }
    if (rows) {
      s.rowCount += length;
    } else {
      s.columnCount += length;
    }
  }

  private ObjectNode addSheet(JsonNode props) {
    String title = props.path("title").asText(null);
    if (title == null) {
      int n = ss.sheets.size() + 1;
      while (ss.sheet("Sheet" + n) != null) {
        n++;
      }
      title = "Sheet" + n;
    }
    JsonNode grid = props.path("gridProperties");
    SheetRecord s;
    try {
      s =
          ss.addSheet(
              props.has("sheetId") ? props.get("sheetId").asInt() : null,
              title,
              grid.path("rowCount").asInt(1000),
              grid.path("columnCount").asInt(26),
              props.has("index") ? props.get("index").asInt() : null);
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
    ObjectNode reply = Json.object();
    reply
        .putObject("addSheet")
        .set("properties", SpreadsheetsApi.sheetProperties(s, ss.sheets.indexOf(s)));
    return reply;
  }

  private void deleteSheet(JsonNode body) {
    SheetRecord s = sheet(body.path("sheetId"));
    if (ss.sheets.size() == 1) {
      throw fail("You can't remove all the sheets in a document.");
    }
    ss.sheets.remove(s);
  }

  private void updateSheetProperties(JsonNode body) {
    JsonNode props = body.path("properties");
    SheetRecord s = sheet(props.path("sheetId"));
    String fields = body.path("fields").asText("");
    if (fields.isEmpty()) {
      throw fail("At least one field must be updated, but 'fields' is empty.");
    }
    for (String f : fields.split(",")) {
      switch (f.trim()) {
        case "title":
          String title = props.path("title").asText();
          SheetRecord other = ss.sheet(title);
          if (other != null && other != s) {
            throw fail(
                "A sheet with the name \""
                    + title
                    + "\" already exists. Please enter another name.");
          }
          s.title = title;
          break;
        case "gridProperties":
        case "gridProperties.rowCount":
        case "gridProperties.columnCount":
          JsonNode grid = props.path("gridProperties");
          int newRows =
              f.trim().endsWith("columnCount")
                  ? s.rowCount
                  : grid.path("rowCount").asInt(s.rowCount);
          int newCols =
              f.trim().endsWith("rowCount")
                  ? s.columnCount
                  : grid.path("columnCount").asInt(s.columnCount);
          if (newRows < 1 || newCols < 1) {
            throw fail("A sheet must have at least one row and one column.");
          }
          s.resize(newRows, newCols);
          break;
        case "index":
          int to = Math.max(0, Math.min(props.path("index").asInt(), ss.sheets.size() - 1));
          ss.sheets.remove(s);
          ss.sheets.add(to, s);
          break;
        default:
          throw fail("Updating '" + f.trim() + "' is not emulated.");
      }
    }
  }
}
