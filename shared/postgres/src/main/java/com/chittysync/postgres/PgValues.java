package com.chittysync.postgres;

import com.chittysync.core.json.Json;
import com.chittysync.postgres.PgColumn.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Converts column values to canonical JSON, and keys to their canonical strings. */
final class PgValues {
  /** Where {@code YYYY-MM-DD HH:MM:SS} has its digits. */
  private static final int[] DIGITS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private PgValues() {}

  /** Column {@code index} of the current row as canonical JSON; {@code null} for SQL NULL. */
  static JsonNode read(ResultSet rs, int index, PgColumn column) throws SQLException {
    switch (column.kind()) {
      case INT -> {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : integer(v);
      }
      case BOOL -> {
        boolean v = rs.getBoolean(index);
        return rs.wasNull() ? null : BooleanNode.valueOf(v);
      }
      case TIMESTAMPTZ -> {
        String s = rs.getString(index);
        if (s == null) {
          return null;
        }
        JsonNode fast = fromText(s, column);
        return fast != null
            ? fast
            : TextNode.valueOf(timestamptz(rs.getObject(index, OffsetDateTime.class)));
      }
      case TIMESTAMP -> {
        String s = rs.getString(index);
        if (s == null) {
          return null;
        }
        JsonNode fast = fromText(s, column);
        return fast != null
            ? fast
            : TextNode.valueOf(timestamp(rs.getObject(index, LocalDateTime.class)));
      }
      default -> {
        String s = rs.getString(index);
        return s == null ? null : fromText(s, column);
      }
    }
  }

  /**
   * A value as the column's type prints it (its output function, as {@link TableShape#selectSql()}
   * selects it: arrays through {@code to_jsonb}) as canonical JSON: the conversion of {@link #read}
   * from the text the database sends. {@link PgStored} gives the text a write would leave, so that
   * the endpoint represents a written value by this same conversion. For timestamps outside years 1
   * to 9999, {@code null}: {@link #read} asks the driver instead.
   */
  static JsonNode fromText(String s, PgColumn column) {
    switch (column.kind()) {
      case INT -> {
        return integer(Long.parseLong(s));
      }
      case BOOL -> {
        return BooleanNode.valueOf("t".equals(s));
      }
      case NUMERIC -> {
        return decimal(s);
      }
      case FLOAT -> {
        return floating(s);
      }
      case TIMESTAMPTZ, TIMESTAMP -> {
        if (s.equals("infinity") || s.equals("-infinity")) {
          return TextNode.valueOf(s);
        }
        String fast = rfc3339(s, column.kind() == Kind.TIMESTAMPTZ);
        return fast == null ? null : TextNode.valueOf(fast);
      }
      case BPCHAR -> {
        return TextNode.valueOf(unpadded(s));
      }
      case JSON, JSONB -> {
        return parse(s);
      }
      case ARRAY -> {
        JsonNode array = parse(s);
        if (column.elementKind() == Kind.TIMESTAMPTZ || column.elementKind() == Kind.TIMESTAMP) {
          return normalizeTimestamps(array);
        }
        return array;
      }
      default -> {
        return TextNode.valueOf(s);
      }
    }
  }

  /**
   * One element of an array column, printed {@code s} by its type, as {@code to_jsonb} renders it
   * and {@link #fromText} then reads it: numbers as JSON numbers (NaN and infinities as strings),
   * booleans, timestamps as RFC 3339 in UTC, json as its value, everything else as its text
   * (char(n) blank-padded). {@code null} for timestamps outside years 1 to 9999.
   */
  static JsonNode arrayElement(String s, Kind kind) {
    switch (kind) {
      case INT, NUMERIC, FLOAT -> {
        BigDecimal v;
        try {
          v = new BigDecimal(s);
        } catch (NumberFormatException e) {
          return TextNode.valueOf(s); // NaN, Infinity, -Infinity
        }
        return parse(v.setScale(Math.max(0, v.scale())).toPlainString());
      }
      case BOOL -> {
        return BooleanNode.valueOf("t".equals(s));
      }
      case TIMESTAMPTZ, TIMESTAMP -> {
        if (s.equals("infinity") || s.equals("-infinity")) {
          return TextNode.valueOf(s);
        }
        String fast = rfc3339(s, kind == Kind.TIMESTAMPTZ);
        return fast == null ? null : TextNode.valueOf(fast);
      }
      case JSON, JSONB -> {
        return parse(s);
      }
      default -> {
        return TextNode.valueOf(s);
      }
    }
  }

  /**
   * A char(n) value without the blanks that pad it. Only blanks (U+0020): they are all that the
   * type pads with and ignores in comparisons, so a tab or newline is part of the value.
   */
  static String unpadded(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  /**
   * Column {@code index}, a timestamptz, as the instant it names, for modification times; {@code
   * null} for NULL and the infinities, which date nothing.
   */
  static Instant instant(ResultSet rs, int index) throws SQLException {
    OffsetDateTime v = rs.getObject(index, OffsetDateTime.class);
    if (v == null || v.equals(OffsetDateTime.MAX) || v.equals(OffsetDateTime.MIN)) {
      return null;
    }
    return v.toInstant();
  }

  static JsonNode integer(long v) {
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE
        ? IntNode.valueOf((int) v)
        : LongNode.valueOf(v);
  }

  /** An exact number: integral values as integers, others without trailing zeros. */
  static JsonNode decimal(String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return TextNode.valueOf(text); // NaN, Infinity, -Infinity
    }
    if (value.signum() == 0) {
      return IntNode.valueOf(0);
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      BigInteger whole = stripped.toBigIntegerExact();
      return whole.bitLength() < 64 ? integer(whole.longValue()) : BigIntegerNode.valueOf(whole);
    }
    return DecimalNode.valueOf(stripped);
  }

  static JsonNode floating(String text) {
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return TextNode.valueOf(text);
    }
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return TextNode.valueOf(text);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return integer((long) v);
    }
    return DoubleNode.valueOf(v);
  }

  /**
   * {@code 2024-01-02 03:04:05.5+00} (the session's TimeZone is UTC) as {@code
   * 2024-01-02T03:04:05.500Z}, exactly as {@link Instant#toString()} would print it, without
   * parsing; {@code null} for anything else (infinity, BC, years past 9999, another zone), which
   * takes the slow path.
   */
  static String rfc3339(String s, boolean zoned) {
    int end = s.length();
    if (zoned) {
      if (!s.endsWith("+00")) {
        return null;
      }
      end -= 3;
    }
    if (end < 19
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != ' '
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    for (int i : DIGITS) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    StringBuilder out = new StringBuilder(31).append(s, 0, 10).append('T').append(s, 11, 19);
    if (end > 19) {
      int digits = end - 20;
      if (s.charAt(19) != '.' || digits < 1 || digits > 6) {
        return null;
      }
      for (int i = 20; i < end; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
      }
      out.append(s, 19, end);
      for (int pad = digits <= 3 ? 3 - digits : 6 - digits; pad > 0; pad--) {
        out.append('0');
      }
    }
    return out.append('Z').toString();
  }

  static String timestamptz(OffsetDateTime v) {
    if (v.equals(OffsetDateTime.MAX)) {
      return "infinity";
    }
    if (v.equals(OffsetDateTime.MIN)) {
      return "-infinity";
    }
    return v.toInstant().toString();
  }

  static String timestamp(LocalDateTime v) {
    if (v.equals(LocalDateTime.MAX)) {
      return "infinity";
    }
    if (v.equals(LocalDateTime.MIN)) {
      return "-infinity";
    }
    return v.toInstant(ZoneOffset.UTC).toString();
  }

  private static JsonNode normalizeTimestamps(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = Json.mapper().createArrayNode();
      for (JsonNode element : node) {
        out.add(normalizeTimestamps(element));
      }
      return out;
    }
    if (node.isTextual()) {
      String s = node.textValue();
      try {
        return TextNode.valueOf(OffsetDateTime.parse(s).toInstant().toString());
      } catch (DateTimeParseException e) {
        try {
          return TextNode.valueOf(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toString());
        } catch (DateTimeParseException e2) {
          return node; // infinity
        }
      }
    }
    return node;
  }

  static JsonNode parse(String json) {
    return PgJson.parse(json);
  }

  /** The canonical string of a key value: strings as they are, numbers in plain notation. */
  static String keyText(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBigDecimal()) {
      return value.decimalValue().toPlainString();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    return value.toString();
  }

  /** {@code 0|-?[1-9][0-9]{0,18}}, without a regex: this runs for every op. */
  private static boolean isCanonicalInteger(String key) {
    int start = key.startsWith("-") ? 1 : 0;
    int digits = key.length() - start;
    if (digits < 1 || digits > 19 || (key.charAt(start) == '0' && (digits > 1 || start == 1))) {
      return false;
    }
    for (int i = start; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Why {@code key} is not the canonical form the key column gives back on reading, or {@code null}
   * when it is (a key written as {@code 042} would come back as {@code 42}: a different record).
   */
  static String nonCanonicalKey(String key, PgColumn column) {
    return switch (column.kind()) {
      case INT ->
          isCanonicalInteger(key)
              ? null
              : "is not an integer in canonical form (no sign +, no leading zeros)";
      case UUID ->
          CANONICAL_UUID.matcher(key).matches() ? null : "is not a lower-case hyphenated UUID";
      case NUMERIC -> {
        JsonNode canonical = decimal(key);
        yield key.equals(keyText(canonical)) ? null : "is not a number in canonical form";
      }
      case BPCHAR -> key.equals(unpadded(key)) ? null : "has trailing blanks";
      default -> null;
    };
  }
}
