package com.chittysync.postgres;

import com.chittysync.postgres.PgColumn.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Canonical JSON values in the text form PostgreSQL's input functions read, for casting into a
 * column: strings as they are, numbers in plain notation, booleans as {@code true}/{@code false},
 * JSON as its text for json and jsonb columns, JSON arrays as array literals for array columns.
 * What the column cannot take (an object for an integer) goes as its JSON text, which the database
 * then refuses.
 */
final class PgText {
  private PgText() {}

  /** The text form of {@code value} for {@code column}, {@code null} for no value. */
  static String of(JsonNode value, PgColumn column) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    Kind kind = column.kind();
    if (kind == Kind.JSON || kind == Kind.JSONB) {
      return json(value);
    }
    if (kind == Kind.ARRAY && value.isArray()) {
      StringBuilder literal = new StringBuilder();
      arrayLiteral(literal, value, column.elementKind());
      return literal.toString();
    }
    return scalar(value, kind);
  }

  /**
   * The text form of one element (not null, not a sub-array) of an array whose elements are of
   * {@code kind}, as it goes into the array literal.
   */
  static String element(JsonNode value, Kind kind) {
    return kind == Kind.JSON || kind == Kind.JSONB ? json(value) : scalar(value, kind);
  }

  private static String scalar(JsonNode value, Kind kind) {
    if (value.isTextual()) {
      // timestamp (without time zone) ignores a zone given in its input, and we read its values
      // as UTC: so a time given with an offset goes as the UTC wall clock time it names.
      return kind == Kind.TIMESTAMP ? PgStored.utcWallClock(value.textValue()) : value.textValue();
    }
    if (value.isIntegralNumber()) {
      return value.asText();
    }
    if (value.isBigDecimal()) {
      return value.decimalValue().toPlainString();
    }
    if (value.isNumber()) {
      double d = value.doubleValue();
      return Double.isNaN(d) || Double.isInfinite(d)
          ? value.asText()
          : BigDecimal.valueOf(d).toPlainString();
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "true" : "false";
    }
    return json(value);
  }

  /** {@code value} as JSON text; several times cheaper than {@code toString()} on small trees. */
  static String json(JsonNode value) {
    StringBuilder out = new StringBuilder(value.isTextual() ? value.textValue().length() + 2 : 64);
    json(out, value);
    return out.toString();
  }

  private static void json(StringBuilder out, JsonNode value) {
    if (value.isObject()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, field.getKey());
        out.append(':');
        json(out, field.getValue());
      }
      out.append('}');
    } else if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        json(out, value.get(i));
      }
      out.append(']');
    } else if (value.isTextual()) {
      string(out, value.textValue());
    } else if (value.isDouble() || value.isFloat()) {
      double d = value.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        string(out, value.asText());
      } else {
        out.append(value.asText());
      }
    } else if (value.isNumber() || value.isBoolean() || value.isNull()) {
      out.append(value.isNull() ? "null" : value.asText());
    } else {
      out.append(value.toString());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    out.append('"');
  }

  /** {@code {"a",NULL,{"b"}}}: every element quoted, nested arrays as sub-arrays. */
  private static void arrayLiteral(StringBuilder out, JsonNode array, Kind elementKind) {
    out.append('{');
    boolean first = true;
    for (JsonNode element : array) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (element == null || element.isNull()) {
        out.append("NULL");
      } else if (element.isArray() && elementKind != Kind.JSON && elementKind != Kind.JSONB) {
        arrayLiteral(out, element, elementKind);
      } else {
        String text = element(element, elementKind);
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
          char ch = text.charAt(i);
          if (ch == '"' || ch == '\\') {
            out.append('\\');
          }
          out.append(ch);
        }
        out.append('"');
      }
    }
    out.append('}');
  }
}
