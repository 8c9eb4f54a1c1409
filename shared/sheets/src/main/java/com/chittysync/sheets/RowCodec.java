package com.chittysync.sheets;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  record Converted(CanonicalRecord record, List<RecordProblem.FieldError> errors) {}

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
    return new Converted(errors.isEmpty() ? new CanonicalRecord(key, fields) : null, errors);
  }

  /**
   * {@code record} as this tab holds it once written, as {@link #read} gives it back: each mapped
   * field as its cell holds it ({@link CellCodec#stored}), the key field as the key's text (a key
   * column, the connector's own one too, is read as text); other fields as given.
   */
  CanonicalRecord represent(CanonicalRecord record) {
    Map<String, JsonNode> fields = new TreeMap<>(record.fields());
    for (String field : settings.headers().keySet()) {
      if (!field.equals(settings.keyField())) {
        JsonNode held = CellCodec.stored(types.type(field), record.get(field));
        if (held == null) {
          fields.remove(field);
        } else {
          fields.put(field, held);
        }
      }
    }
    fields.put(settings.keyField(), TextNode.valueOf(record.key()));
    return new CanonicalRecord(record.key(), fields);
  }

  /**
   * Whether {@code row} (read with {@code FORMULA} rendering, formulas marked) holds {@code want}
   * as {@link #represent} gives it, in every mapped column; see {@link #firstDifference}.
   */
  boolean holds(SheetTable.Row row, SheetLayout layout, CanonicalRecord want, Set<String> written) {
    return firstDifference(row, layout, want, written) == null;
  }

  /**
   * The first mapped field on which {@code row} does not hold {@code want} as {@link #represent}
   * gives it, or null. Every cell is compared in full, text starting with {@code =} too. A formula
   * cell ({@link CellCodec.Formula}) differs where {@code written} (the fields the op writes) has
   * its field, since the op would write a value there; elsewhere it is passed over, as its computed
   * value is not in this read and the op leaves it alone.
   */
  String firstDifference(
      SheetTable.Row row, SheetLayout layout, CanonicalRecord want, Set<String> written) {
    CanonicalRecord wanted = represent(want);
    for (Map.Entry<String, Integer> e : layout.columns().entrySet()) {
      String field = e.getKey();
      if (field.equals(settings.keyField())) {
        continue;
      }
      Object cell = row.cell(e.getValue());
      if (cell instanceof CellCodec.Formula) {
        if (written.contains(field)) {
          return field;
        }
        continue;
      }
      try {
        if (!CanonicalRecord.sameValue(
            CellCodec.read(types.type(field), cell), wanted.get(field))) {
          return field;
        }
      } catch (CellCodec.Unreadable u) {
        return field;
      }
    }
    return null;
  }
}
