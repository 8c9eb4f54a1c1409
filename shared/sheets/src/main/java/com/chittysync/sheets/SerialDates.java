package com.chittysync.sheets;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Spreadsheet serial numbers: days since 1899-12-30 (so 1900 is correctly not a leap year), the
 * fraction being the time of day. Times are UTC: the connector never applies the spreadsheet's time
 * zone, so a value written and read back is the same instant.
 */
public final class SerialDates {
  /** Day 0. */
  public static final LocalDate EPOCH = LocalDate.of(1899, 12, 30);

  private static final long EPOCH_DAY = EPOCH.toEpochDay();
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final BigDecimal MILLIS_PER_DAY_DECIMAL = BigDecimal.valueOf(MILLIS_PER_DAY);

  private SerialDates() {}

  /** The serial number of {@code date}: 2016-03-01 is 42430. */
  public static long serial(LocalDate date) {
    return date.toEpochDay() - EPOCH_DAY;
  }

  /**
   * The serial number of {@code instant}, to the millisecond, in at most 17 significant digits: a
   * double holds it exactly enough that reading it back gives the same millisecond.
   */
  public static BigDecimal serial(Instant instant) {
    long millis =
        Math.addExact(instant.toEpochMilli(), Math.multiplyExact(-EPOCH_DAY, MILLIS_PER_DAY));
    BigDecimal days =
        BigDecimal.valueOf(millis).divide(MILLIS_PER_DAY_DECIMAL, MathContext.DECIMAL64);
    return days.stripTrailingZeros();
  }

  /** The date of serial number {@code serial}; a time of day is dropped. */
  public static LocalDate date(BigDecimal serial) {
    long days = serial.setScale(0, RoundingMode.FLOOR).longValueExact();
    return LocalDate.ofEpochDay(Math.addExact(EPOCH_DAY, days));
  }

  /** The instant of serial number {@code serial}, rounded to the millisecond, UTC. */
  public static Instant instant(BigDecimal serial) {
    long millis =
        serial.multiply(MILLIS_PER_DAY_DECIMAL).setScale(0, RoundingMode.HALF_UP).longValueExact();
    return Instant.ofEpochMilli(
        Math.addExact(millis, Math.multiplyExact(EPOCH_DAY, MILLIS_PER_DAY)));
  }

  /** Whether {@code serial} has a time of day. */
  public static boolean hasTime(BigDecimal serial) {
    return serial.stripTrailingZeros().scale() > 0;
  }
}
