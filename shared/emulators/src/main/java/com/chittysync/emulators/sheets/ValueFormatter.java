package com.chittysync.emulators.sheets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders values the way an en_US spreadsheet shows them (FORMATTED_VALUE): "Automatic" numbers
 * with up to 10 decimals, currency {@code $20.50}, percentages, and dates through their pattern.
 */
final class ValueFormatter {
  private static final DecimalFormatSymbols US = DecimalFormatSymbols.getInstance(Locale.US);
  private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");
  private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm:ss a", Locale.US);
  private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("H:mm:ss");

  private ValueFormatter() {}

  /** The FORMATTED_VALUE string of a value. */
  static String formatted(Value v) {
    return switch (v.kind) {
      case EMPTY -> "";
      case STRING, ERROR -> v.text;
      case BOOLEAN -> v.bool ? "TRUE" : "FALSE";
      case NUMBER -> number(v.number, v.format);
    };
  }

  /** A number in its format; a null format is Sheets' "Automatic". */
  static String number(double x, NumberFormat f) {
    if (f == null) {
      return general(x);
    }
    return switch (f.type()) {
      case NUMBER -> fixed(x, f.decimals(), f.grouping());
      case CURRENCY -> (x < 0 ? "-$" : "$") + fixed(Math.abs(x), f.decimals(), true);
      case PERCENT -> fixed(x * 100, f.decimals(), false) + "%";
      case DATE, TIME, DATE_TIME -> date(x, f);
    };
  }

  /**
   * "Automatic" numbers: integers as integers, fractions to at most 10 decimals ({@code 1/3} shows
   * {@code 0.3333333333}), very large or small magnitudes in scientific notation.
   */
  static String general(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    double abs = Math.abs(x);
    if (abs >= 1e15 || abs < 1e-9) {
      return new DecimalFormat("0.00E+00", US).format(x).replace("E", "E+").replace("E+-", "E-");
    }
    BigDecimal bd = BigDecimal.valueOf(x).setScale(10, RoundingMode.HALF_UP).stripTrailingZeros();
    return bd.toPlainString();
  }

  private static String fixed(double x, int decimals, boolean grouping) {
    if (decimals < 0) {
      String g = general(x);
      if (!grouping || g.contains("E")) {
        return g;
      }
      int dot = g.indexOf('.');
      String whole = dot < 0 ? g : g.substring(0, dot);
      String rest = dot < 0 ? "" : g.substring(dot);
      return new DecimalFormat("#,##0", US).format(Long.parseLong(whole)) + rest;
    }
    String pattern = (grouping ? "#,##0" : "0") + (decimals > 0 ? "." + "0".repeat(decimals) : "");
    DecimalFormat df = new DecimalFormat(pattern, US);
    df.setRoundingMode(RoundingMode.HALF_UP);
    return df.format(x);
  }

  private static String date(double serial, NumberFormat f) {
    LocalDateTime t = DateSerial.toDateTime(serial);
    boolean iso = f.pattern() != null && f.pattern().startsWith("yyyy-");
    DateTimeFormatter day = iso ? ISO_DATE : US_DATE;
    return switch (f.type()) {
      case DATE -> day.format(t);
      case TIME -> TIME.format(t);
      default -> day.format(t) + " " + HMS.format(t);
    };
  }
}
