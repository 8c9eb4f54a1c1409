package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** Loads the seed format documented on {@link SheetsEmulator#loadSeed(java.nio.file.Path)}. */
final class SeedLoader {
  private final Store store;
  private final String defaultAccount;

  SeedLoader(Store store, String defaultAccount) {
    this.store = store;
    this.defaultAccount = defaultAccount;
  }

  void load(JsonNode seed) {
    synchronized (store) {
      for (JsonNode s : seed.path("spreadsheets")) {
        SpreadsheetRecord ss =
            store.create(s.path("id").asText(null), s.path("title").asText("Untitled spreadsheet"));
        if (s.has("shared_with")) {
          s.get("shared_with").forEach(e -> ss.share(e.asText()));
        } else {
          ss.share(defaultAccount);
        }
        JsonNode tabs = s.path("tabs");
        if (tabs.isEmpty()) {
          ss.addSheet(null, "Sheet1", 1000, 26, null);
        }
        for (JsonNode tab : tabs) {
          JsonNode values = tab.path("values");
          int width = 0;
          for (JsonNode row : values) {
            width = Math.max(width, row.size());
          }
          SheetRecord sheet =
              ss.addSheet(
                  tab.has("sheet_id") ? tab.get("sheet_id").asInt() : null,
                  tab.path("title").asText("Sheet" + (ss.sheets.size() + 1)),
                  Math.max(tab.path("rows").asInt(1000), values.size()),
                  Math.max(tab.path("columns").asInt(26), width),
                  null);
          boolean raw = "RAW".equals(tab.path("input").asText("USER_ENTERED"));
          for (int r = 0; r < values.size(); r++) {
            JsonNode row = values.get(r);
            for (int c = 0; c < row.size(); c++) {
              sheet.set(r, c, cell(row.get(c), raw, tab.path("title").asText(), r, c));
            }
          }
        }
      }
    }
  }

  /**
   * A JSON scalar (typed like the API), or a typed object such as {@code {"date":"2024-03-01"}}.
   */
  private static Cell cell(JsonNode v, boolean raw, String tab, int r, int c) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      String s = v.textValue();
      if (s.isEmpty()) {
        return null;
      }
      return raw ? InputParser.raw(s) : InputParser.userEntered(s);
    }
    if (v.isNumber()) {
      return Cell.number(v.doubleValue(), null);
    }
    if (v.isBoolean()) {
      return Cell.bool(v.booleanValue());
    }
    if (v.isObject() && v.size() == 1) {
      String kind = v.fieldNames().next();
      JsonNode x = v.get(kind);
      switch (kind) {
        case "string":
          return Cell.string(x.asText());
        case "number":
          return Cell.number(x.asDouble(), null);
        case "bool":
          return Cell.bool(x.asBoolean());
        case "formula":
          String f = x.asText();
          return Cell.formula(Formula.parse(f.startsWith("=") ? f.substring(1) : f));
        case "date":
          return Cell.number(DateSerial.of(LocalDate.parse(x.asText())), NumberFormat.DATE_ISO);
        case "datetime":
          return Cell.number(
              DateSerial.of(LocalDateTime.parse(x.asText())), NumberFormat.DATE_TIME_ISO);
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "seed: cannot read the value at '" + tab + "'!" + A1.cell(r, c) + ": " + v);
  }
}
