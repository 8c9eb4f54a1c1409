package com.chittysync.sheets;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Converts between cells and canonical JSON values by {@link FieldType}.
 *
 * <p>Cells come from the Java client as {@link String}, {@link BigDecimal} or {@link Boolean} (read
 * with {@code UNFORMATTED_VALUE} or {@code FORMULA} and {@code SERIAL_NUMBER} dates). Values go out
 * for {@code RAW} input: text as text (never reinterpreted), numbers as numbers, booleans as
 * booleans, dates as serial numbers, arrays and objects as JSON text. An empty cell is no value;
 * writing no value clears the cell.
 */
public final class CellCodec {
  /** Sheets refuses a cell with more text than this. */
  public static final int MAX_CELL_CHARS = 50_000;

  private static final ObjectReader EXACT_JSON =
      Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private CellCodec() {}

  /** A cell that cannot hold a value of its field's type; the message is for a person. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /** Whether {@code cell} is empty. */
  public static boolean blank(Object cell) {
    return cell == null || (cell instanceof String s && s.isEmpty());
  }

  /**
   * The canonical value of {@code cell} for a field of {@code type}; {@code null} when empty.
   *
   * @throws Unreadable when the cell holds something that is not of the type
   */
  public static JsonNode read(FieldType type, Object cell) throws Unreadable {
    if (blank(cell)) {
      return null;
    }
    if (cell instanceof Formula) {
      throw new Unreadable(show(cell) + " is a formula, whose value a FORMULA read does not show");
    }
    if (cell instanceof Number n) {
      // One form for one double, however the JSON printed it: 1.0E20 and 100000000000000000000.
      cell = held(n);
    }
    return switch (type) {
      case STRING -> TextNode.valueOf(text(cell));
      case INTEGER -> {
        BigDecimal n = number(cell, "a whole number");
        if (n.stripTrailingZeros().scale() > 0) {
          throw new Unreadable(show(cell) + " is not a whole number");
        }
        yield DecimalNode.valueOf(n);
      }
      case NUMBER -> DecimalNode.valueOf(number(cell, "a number"));
      case BOOLEAN -> {
        if (cell instanceof Boolean b) {
          yield BooleanNode.valueOf(b);
        }
        if (cell instanceof String s && s.trim().equalsIgnoreCase("true")) {
          yield BooleanNode.TRUE;
        }
        if (cell instanceof String s && s.trim().equalsIgnoreCase("false")) {
          yield BooleanNode.FALSE;
        }
        throw new Unreadable(show(cell) + " is not TRUE or FALSE");
      }
      case DATE -> TextNode.valueOf(date(cell).toString());
      case DATE_TIME -> TextNode.valueOf(instant(cell).toString());
      case ARRAY, OBJECT -> json(type, cell);
      case ANY -> {
        if (cell instanceof Boolean b) {
          yield BooleanNode.valueOf(b);
        }
        if (cell instanceof Number n) {
          yield DecimalNode.valueOf(decimal(n));
        }
        yield TextNode.valueOf(cell.toString());
      }
    };
  }

  /**
   * The cell to write for {@code value} in a field of {@code type}, for {@code RAW} input: a {@link
   * String}, {@link BigDecimal}, {@link Long} or {@link Boolean}; {@code ""} (clear) for no value.
   */
  public static Object write(FieldType type, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    switch (type) {
      case DATE -> {
        if (value.isTextual()) {
          try {
            return SerialDates.serial(LocalDate.parse(value.asText().trim()));
          } catch (DateTimeException e) {
            return value.asText(); // not a date: kept as text, so nothing is lost
          }
        }
      }
      case DATE_TIME -> {
        if (value.isTextual()) {
          Instant instant = parseInstant(value.asText().trim());
          if (instant != null) {
            return SerialDates.serial(instant);
          }
          return value.asText();
        }
      }
      case ARRAY, OBJECT -> {
        return value.isTextual() ? value.asText() : value.toString();
      }
      default -> {
        // the value's own JSON type, below
      }
    }
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isNumber()) {
      return value.isIntegralNumber() && value.canConvertToLong()
          ? (Object) value.longValue()
          : value.decimalValue();
    }
    return value.toString();
  }

  /**
   * {@code value} as a field of {@code type} holds it once written and read back: {@link #write},
   * what Sheets keeps of that ({@link #held}), then {@link #read}. So a date-time comes back to the
   * millisecond, an empty string as no value, a number as the double Sheets keeps. A value the
   * field's cell cannot give back (text that is not a date in a date field) is returned as given:
   * the next read reports that cell, it guesses no value.
   */
  public static JsonNode stored(FieldType type, JsonNode value) {
    try {
      return read(type, held(write(type, value)));
    } catch (Unreadable e) {
      return value;
    }
  }

  /**
   * The cell Sheets holds, as the Java client reads it back, once {@code written} (from {@link
   * #write}) is set with {@code RAW} input: text exactly as given (an empty one clears the cell),
   * booleans as given, and numbers as the IEEE double every Sheets number is (so 12345678901234567
   * comes back as 12345678901234568 and 0.1 + 0.2 as 0.30000000000000004).
   */
  static Object held(Object written) {
    if (written instanceof String s) {
      return s.isEmpty() ? null : s;
    }
    if (written instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return decimal(n); // Sheets refuses it; what the cell then holds is not this value's
      }
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? BigDecimal.valueOf((long) d)
          : BigDecimal.valueOf(d);
    }
    return written;
  }

  /** The cell as text, as a person sees it typed: numbers without exponent or trailing zeros. */
  public static String text(Object cell) {
    if (cell instanceof Number n) {
      BigDecimal d = decimal(n);
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    if (cell instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    return cell.toString();
  }

  private static BigDecimal number(Object cell, String what) throws Unreadable {
    if (cell instanceof Number n) {
      return decimal(n);
    }
    if (cell instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        throw new Unreadable(show(cell) + " is not " + what);
      }
    }
    throw new Unreadable(show(cell) + " is not " + what);
  }

  private static LocalDate date(Object cell) throws Unreadable {
    if (cell instanceof Number n) {
      return SerialDates.date(decimal(n));
    }
    if (cell instanceof String s) {
      String t = s.trim();
      try {
        return LocalDate.parse(t);
      } catch (DateTimeException e) {
        BigDecimal serial = serialText(t);
        if (serial != null) {
          return SerialDates.date(serial);
        }
      }
    }
    throw new Unreadable(show(cell) + " is not a date (a date cell, or text like 2024-03-01)");
  }

  private static Instant instant(Object cell) throws Unreadable {
    if (cell instanceof Number n) {
      return SerialDates.instant(decimal(n));
    }
    if (cell instanceof String s) {
      Instant parsed = parseInstant(s.trim());
      if (parsed != null) {
        return parsed;
      }
      BigDecimal serial = serialText(s.trim());
      if (serial != null) {
        return SerialDates.instant(serial);
      }
    }
    throw new Unreadable(
        show(cell)
            + " is not a date and time (a date-time cell, or text like 2024-03-01T09:30:00Z)");
  }

  /** An RFC 3339 instant, or a local date-time taken as UTC; null otherwise. */
  static Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException e2) {
        return null;
      }
    }
  }

  /** A serial number written as text (some renderings quote them); null otherwise. */
  private static BigDecimal serialText(String text) {
    if (text.isEmpty()
        || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == '-')) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static JsonNode json(FieldType type, Object cell) throws Unreadable {
    String what = type == FieldType.ARRAY ? "a JSON array" : "a JSON object";
    if (!(cell instanceof String s)) {
      throw new Unreadable(show(cell) + " is not " + what);
    }
    JsonNode parsed;
    try {
      // The cell holds the JSON's text: its numbers are read with every digit, not as doubles.
      parsed = EXACT_JSON.readTree(s);
    } catch (IOException e) {
      throw new Unreadable(show(cell) + " is not " + what);
    }
    if (parsed == null || (type == FieldType.ARRAY ? !parsed.isArray() : !parsed.isObject())) {
      throw new Unreadable(show(cell) + " is not " + what);
    }
    return parsed;
  }

  static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue());
    }
    return new BigDecimal(n.toString());
  }

  /** The cell for a message, shortened. */
  static String show(Object cell) {
    String text = cell instanceof String || cell instanceof Formula ? "'" + cell + "'" : text(cell);
    return text.length() > 60 ? text.substring(0, 57) + "...'" : text;
  }

  /**
   * Whether {@code cell}, read with {@code FORMULA} rendering, may be a formula: that rendering
   * shows a formula as its text, the same as text that merely starts with {@code =} (which {@code
   * RAW} input keeps as text). Only the cell's {@code userEnteredValue} tells them apart ({@link
   * SheetsClient#formulaCells}).
   */
  public static boolean looksLikeFormula(Object cell) {
    return cell instanceof String s && s.startsWith("=") && s.length() > 1;
  }

  /**
   * A cell that holds a formula, found in its {@code userEnteredValue}: its computed value is not
   * in a {@code FORMULA} read, so it is never compared with a value, and never overwritten.
   *
   * @param text the formula, {@code =C2*2}
   */
  public record Formula(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
