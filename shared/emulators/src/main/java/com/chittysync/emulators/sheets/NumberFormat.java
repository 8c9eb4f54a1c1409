package com.chittysync.emulators.sheets;

/**
 * A cell's number format, as Sheets sets it from what a person typed ({@code "$20.50"} gives
 * CURRENCY with 2 decimals, {@code "3/1/2016"} gives DATE {@code M/d/yyyy}). A null format means
 * Sheets' "Automatic".
 *
 * @param type Google's {@code NumberFormat.type}
 * @param decimals fixed decimals, or -1 for "as many as needed" (what a formula inherits)
 * @param grouping whether thousands are separated by commas
 * @param pattern for dates and times, the display pattern in Sheets' syntax (e.g. {@code
 *     M/d/yyyy}); null otherwise
 */
record NumberFormat(Type type, int decimals, boolean grouping, String pattern) {
  /** Google's number format types that the emulator produces. */
  enum Type {
    NUMBER,
    CURRENCY,
    PERCENT,
    DATE,
    TIME,
    DATE_TIME
  }

  static final String US_DATE = "M/d/yyyy";
  static final String ISO_DATE = "yyyy-mm-dd";
  static final String TIME_PATTERN = "h:mm:ss am/pm";

  static final NumberFormat DATE_US = new NumberFormat(Type.DATE, -1, false, US_DATE);
  static final NumberFormat DATE_ISO = new NumberFormat(Type.DATE, -1, false, ISO_DATE);
  static final NumberFormat DATE_TIME_US =
      new NumberFormat(Type.DATE_TIME, -1, false, US_DATE + " H:mm:ss");
  static final NumberFormat DATE_TIME_ISO =
      new NumberFormat(Type.DATE_TIME, -1, false, ISO_DATE + " H:mm:ss");
  static final NumberFormat TIME = new NumberFormat(Type.TIME, -1, false, TIME_PATTERN);

  boolean isDateLike() {
    return type == Type.DATE || type == Type.TIME || type == Type.DATE_TIME;
  }

  /** What a formula result inherits: the same kind of format, with as many decimals as needed. */
  NumberFormat inherited() {
    return isDateLike() || decimals < 0 ? this : new NumberFormat(type, -1, grouping, pattern);
  }

  /** The pattern Google reports in {@code userEnteredFormat.numberFormat.pattern}. */
  String sheetsPattern() {
    if (pattern != null) {
      return pattern;
    }
    String digits = grouping ? "#,##0" : "0";
    String fraction = decimals > 0 ? "." + "0".repeat(decimals) : decimals < 0 ? ".##" : "";
    return switch (type) {
      case CURRENCY -> "\"$\"" + digits + fraction;
      case PERCENT -> digits + fraction + "%";
      default -> digits + fraction;
    };
  }
}
