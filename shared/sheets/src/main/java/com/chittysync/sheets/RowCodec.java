package com.chittysync.sheets;

import com.chittysync.sync.Record;
import com.chittysync.sync.endpoint.RecordProblem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns rows into canonical records and compares rows with records, by the schema's types. */
final class RowCodec {
  private final SheetsSettings settings;
  private final SchemaTypes types;

  RowCodec(SheetsSettings settings, SchemaTypes types) {
    this.settings = settings;
    this.types = types;
  }

  /**
   * A row's record, or why it cannot be one.
   *
   * @param record the record, null when {@code errors} is not empty
   * @param errors one per unreadable cell
   */
  record Converted(Record record, List<RecordProblem.FieldError> errors) {}

  FieldType type(String field) {
    return types.type(field);
  }

  /** The record {@code row} holds under {@code key}. */
  Converted read(SheetTable.Row row, SheetLayout layout, String key) {
    Map<String, JsonNode> fields = new TreeMap<>();
    List<RecordProblem.FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, Integer> e : layout.columns().entrySet()) {
      String field = e.getKey();
      if (field.equals(settings.keyField())) {
        continue;
      }
      Object cell = row.cell(e.getValue());
      try {
        JsonNode value = CellCodec.read(types.type(field), cell);
        if (value != null) {
          fields.put(field, value);
        }
      } catch (CellCodec.Unreadable u) {
        errors.add(
            new RecordProblem.FieldError(
                "/" + field,
                "row "
                    + row.number()
                    + ", column '"
                    + settings.headers().get(field)
                    + "' ("
                    + A1.cell(e.getValue(), row.number())
                    + "): "
                    + u.getMessage()));
      }
    }
    fields.put(settings.keyField(), TextNode.valueOf(key));
    return new Converted(errors.isEmpty() ? new Record(key, fields) : null, errors);
  }

  /**
   * Whether {@code row} (read with {@code FORMULA} rendering) holds {@code want} in every mapped
   * column but formula cells, whose computed value that rendering does not show.
   */
  boolean holds(SheetTable.Row row, SheetLayout layout, Record want) {
    for (Map.Entry<String, Integer> e : layout.columns().entrySet()) {
      String field = e.getKey();
      if (field.equals(settings.keyField())) {
        continue;
      }
      Object cell = row.cell(e.getValue());
      FieldType type = types.type(field);
      JsonNode wanted = CellCodec.stored(type, want.get(field));
      if (formula(cell, wanted)) {
        continue;
      }
      JsonNode held;
      try {
        held = CellCodec.read(type, cell);
      } catch (CellCodec.Unreadable u) {
        return false;
      }
      if (!Record.sameValue(held, wanted)) {
        return false;
      }
    }
    return true;
  }

  /** The first mapped field on which {@code row} differs from {@code want}, for messages. */
  String firstDifference(SheetTable.Row row, SheetLayout layout, Record want) {
    for (Map.Entry<String, Integer> e : layout.columns().entrySet()) {
      String field = e.getKey();
      if (field.equals(settings.keyField())) {
        continue;
      }
      Object cell = row.cell(e.getValue());
      FieldType type = types.type(field);
      JsonNode wanted = CellCodec.stored(type, want.get(field));
      if (formula(cell, wanted)) {
        continue;
      }
      try {
        if (!Record.sameValue(CellCodec.read(type, cell), wanted)) {
          return field;
        }
      } catch (CellCodec.Unreadable u) {
        return field;
      }
    }
    return null;
  }

  /**
   * Whether {@code cell}, read with {@code FORMULA} rendering, is a formula: text starting with
   * {@code =}, unless it is exactly the text the record holds (text that merely looks like a
   * formula, written {@code RAW}).
   */
  static boolean formula(Object cell, JsonNode held) {
    return CellCodec.looksLikeFormula(cell)
        && !(held != null && held.isTextual() && held.asText().equals(cell));
  }
}
