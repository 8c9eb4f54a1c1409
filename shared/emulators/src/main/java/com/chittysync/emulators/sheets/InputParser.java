package com.chittysync.emulators.sheets;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns written values into cells, per {@code valueInputOption}.
 *
 * <p>RAW stores strings exactly as given ({@code "=1+2"}, {@code "3/1/2016"} and {@code "007"} stay
 * text). USER_ENTERED parses a string as a person typing it in an en_US spreadsheet: {@code =...}
 * is a formula, {@code TRUE}/{@code FALSE} booleans, {@code 1,234.5} / {@code 007} / {@code 1e3}
 * numbers, {@code $20.50} currency, {@code 50%} a percentage, {@code 3/1/2016}, {@code 2016-03-01}
 * (optionally with {@code 14:30[:00]}) dates, {@code 2:30 PM} a time, and a leading {@code '}
 * forces text. JSON numbers and booleans are stored as such under both options.
 */
final class InputParser {
  private static final Pattern NUMBER =
      Pattern.compile("([+-])?((?:\\d{1,3}(?:,\\d{3})+|\\d*))(?:\\.(\\d*))?(?:[eE]([+-]?\\d+))?");
  private static final Pattern CURRENCY =
      Pattern.compile("([+-])?\\$\\s?([+-])?((?:\\d{1,3}(?:,\\d{3})+|\\d+))(?:\\.(\\d*))?");
  private static final Pattern PERCENT = Pattern.compile("([+-]?\\d*(?:\\.(\\d*))?)\\s?%");
  private static final Pattern US_DATE =
      Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})(?:\\s+(.+))?");
  private static final Pattern ISO_DATE =
      Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:\\s+(.+))?");
  private static final Pattern TIME =
      Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([AaPp][Mm])?");

  private InputParser() {}

  /** A string as RAW stores it (text, even when it looks like a formula or number). */
  static Cell raw(String s) {
    return Cell.string(s);
  }

  /** A string as typed into the UI. */
  static Cell userEntered(String input) {
    if (input.startsWith("'")) {
      return Cell.string(input.substring(1));
    }
    if (input.length() > 1 && input.charAt(0) == '=') {
      return Cell.formula(Formula.parse(input.substring(1)));
    }
    String s = input.trim();
    if (s.isEmpty()) {
      return Cell.string(input);
    }
    // Fast path: most text starts with a letter and cannot be a number, date or currency; the
    // regular expressions below are only worth running for the rest (matters for 50k-row writes).
    char first = s.charAt(0);
    if (Character.isLetter(first) && first != 'T' && first != 't' && first != 'F' && first != 'f') {
      return Cell.string(input);
    }
    if (s.equalsIgnoreCase("TRUE")) {
      return Cell.TRUE;
    }
    if (s.equalsIgnoreCase("FALSE")) {
      return Cell.FALSE;
    }
    Cell c = number(s);
    if (c == null) {
      c = currency(s);
    }
    if (c == null) {
      c = percent(s);
    }
    if (c == null) {
      c = dateOrTime(s);
    }
    return c != null ? c : Cell.string(input);
  }

  /** The number a string reads as (for formulas coercing text), or null. */
  static Double asNumber(String s) {
    Cell c = userEntered(s);
    return c.kind == Cell.Kind.NUMBER ? c.number : null;
  }

  private static Cell number(String s) {
    Matcher m = NUMBER.matcher(s);
    if (!m.matches()) {
      return null;
    }
    String whole = m.group(2);
    String frac = m.group(3);
    if (whole.isEmpty() && (frac == null || frac.isEmpty())) {
      return null;
    }
    double value = parse(m.group(1), whole, frac, m.group(4));
    boolean grouped = whole.contains(",");
    NumberFormat format =
        grouped ? new NumberFormat(NumberFormat.Type.NUMBER, decimals(frac), true, null) : null;
    return Cell.number(value, format);
  }

  private static Cell currency(String s) {
    Matcher m = CURRENCY.matcher(s);
    if (!m.matches() || (m.group(1) != null && m.group(2) != null)) {
      return null;
    }
    String sign = m.group(1) != null ? m.group(1) : m.group(2);
    double value = parse(sign, m.group(3), m.group(4), null);
    // "$15" shows as "$15", "$20.50" as "$20.50": the typed decimals become the format's.
    return Cell.number(
        value,
        new NumberFormat(
            NumberFormat.Type.CURRENCY, Math.max(0, decimals(m.group(4))), true, null));
  }

  private static Cell percent(String s) {
    Matcher m = PERCENT.matcher(s);
    if (!m.matches()) {
      return null;
    }
    String body = m.group(1);
    if (body.replace("+", "").replace("-", "").replace(".", "").isEmpty()) {
      return null;
    }
    double value = Double.parseDouble(body) / 100.0;
    return Cell.number(
        value,
        new NumberFormat(
            NumberFormat.Type.PERCENT, Math.max(0, decimals(m.group(2))), false, null));
  }

  private static Cell dateOrTime(String s) {
    try {
      Matcher m = US_DATE.matcher(s);
      if (m.matches()) {
        int year = Integer.parseInt(m.group(3));
        if (m.group(3).length() == 2) {
          year += year < 30 ? 2000 : 1900; // Sheets' two-digit year rule
        }
        LocalDate d =
            LocalDate.of(year, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        return withTime(d, m.group(4), NumberFormat.DATE_US, NumberFormat.DATE_TIME_US);
      }
      m = ISO_DATE.matcher(s);
      if (m.matches()) {
        LocalDate d =
            LocalDate.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
        return withTime(d, m.group(4), NumberFormat.DATE_ISO, NumberFormat.DATE_TIME_ISO);
      }
      LocalTime t = time(s);
      if (t != null) {
        return Cell.number(DateSerial.of(t), NumberFormat.TIME);
      }
    } catch (DateTimeException e) {
      // "30/20/2016": not a real date, so it stays text, as in Sheets.
    }
    return null;
  }

  private static Cell withTime(
      LocalDate d, String timeText, NumberFormat date, NumberFormat dateTime) {
    if (timeText == null) {
      return Cell.number(DateSerial.of(d), date);
    }
    LocalTime t = time(timeText.trim());
    if (t == null) {
      return null;
    }
    return Cell.number(DateSerial.of(d.atTime(t)), dateTime);
  }

  private static LocalTime time(String s) {
    Matcher m = TIME.matcher(s);
    if (!m.matches()) {
      return null;
    }
    int hour = Integer.parseInt(m.group(1));
    int minute = Integer.parseInt(m.group(2));
    int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    if (m.group(4) != null) {
      if (hour < 1 || hour > 12) {
        return null;
      }
      boolean pm = m.group(4).toUpperCase(Locale.ROOT).equals("PM");
      hour = hour % 12 + (pm ? 12 : 0);
    }
    return LocalTime.of(hour, minute, second);
  }

  private static double parse(String sign, String whole, String frac, String exp) {
    StringBuilder sb = new StringBuilder();
    if ("-".equals(sign)) {
      sb.append('-');
    }
    sb.append(whole.isEmpty() ? "0" : whole.replace(",", ""));
    if (frac != null && !frac.isEmpty()) {
      sb.append('.').append(frac);
    }
    if (exp != null) {
      sb.append('e').append(exp);
    }
    return Double.parseDouble(sb.toString());
  }

  private static int decimals(String frac) {
    return frac == null ? 0 : frac.length();
  }

  /** A Java value given to a test helper, typed like USER_ENTERED input; null clears. */
  static Cell fromJava(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return Cell.bool(b);
    }
    if (value instanceof Number n) {
      return Cell.number(n.doubleValue(), null);
    }
    if (value instanceof LocalDate d) {
      return Cell.number(DateSerial.of(d), NumberFormat.DATE_ISO);
    }
    if (value instanceof LocalDateTime t) {
      return Cell.number(DateSerial.of(t), NumberFormat.DATE_TIME_ISO);
    }
    String s = value.toString();
    return s.isEmpty() ? null : userEntered(s);
  }
}
