package com.chittysync.postgres;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.postgres.PgColumn.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value as a column holds it once written, in canonical JSON, as the next fetch reads it: the
 * write path's text form ({@link PgText}), what the column stores for it ({@link PgStored}), then
 * the read path's conversion ({@link PgValues}). One write path and one read path serve the
 * endpoint's writes, its reads and this; only the database's own conversion is modelled.
 */
final class PgRepresent {
  private PgRepresent() {}

  /**
   * {@code record} as the table of {@code s} holds it once written, as a fetch reads it (see {@link
   * PostgresEndpoint#represent}).
   */
  static CanonicalRecord record(TableShape s, CanonicalRecord record) {
    Map<String, JsonNode> fields = null;
    List<PgColumn> columns = s.columns();
    for (int j = 0; j < columns.size(); j++) {
      PgColumn column = columns.get(j);
      JsonNode value = record.fields().get(column.field());
      if (value == null || column.readOnly()) {
        continue;
      }
      JsonNode held = held(s, j, value);
      if (!held.equals(value)) {
        if (fields == null) {
          fields = new LinkedHashMap<>(record.fields());
        }
        fields.put(column.field(), held);
      }
    }
    return fields == null ? record : new CanonicalRecord(record.key(), fields);
  }

  /** {@code value} of column {@code j} as the table holds it once written, as a fetch reads it. */
  static JsonNode held(TableShape s, int j, JsonNode value) {
    JsonNode held = value(value, s.columns().get(j));
    return j == s.key() && held != value ? TextNode.valueOf(PgValues.keyText(held)) : held;
  }

  /**
   * {@code value} as {@code column} holds it once written; {@code value} itself when that is not
   * certain without the database (see {@link PgStored}): the conservative answer, which at worst
   * makes a difference the database erases look like a change.
   */
  static JsonNode value(JsonNode value, PgColumn column) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return value;
    }
    JsonNode held = column.kind() == Kind.ARRAY ? array(value, column) : scalar(value, column);
    return held == null ? value : held;
  }

  private static JsonNode scalar(JsonNode value, PgColumn column) {
    String stored =
        PgStored.output(
            PgText.of(value, column), column.kind(), column.typeName(), column.typmod());
    return stored == null ? null : PgValues.fromText(stored, column);
  }

  /** Element by element, as {@code to_jsonb} renders the array the column stores. */
  private static ArrayNode array(JsonNode array, PgColumn column) {
    if (!array.isArray()) {
      return null; // goes as its JSON text, which the database reads as it may
    }
    Kind kind = column.elementKind();
    ArrayNode held = JsonNodeFactory.instance.arrayNode(array.size());
    for (JsonNode element : array) {
      if (element == null || element.isNull()) {
        held.addNull();
      } else if (element.isArray() && kind != Kind.JSON && kind != Kind.JSONB) {
        ArrayNode sub = array(element, column);
        if (sub == null) {
          return null;
        }
        held.add(sub);
      } else {
        String stored =
            PgStored.output(
                PgText.element(element, kind), kind, column.typeName(), column.typmod());
        JsonNode read = stored == null ? null : PgValues.arrayElement(stored, kind);
        if (read == null) {
          return null;
        }
        held.add(read);
      }
    }
    return held;
  }
}
