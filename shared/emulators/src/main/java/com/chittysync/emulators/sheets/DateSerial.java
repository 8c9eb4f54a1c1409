package com.chittysync.emulators.sheets;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * Sheets' serial date numbers: days since 1899-12-30, the fraction being the time of day (42430 is
 * 2016-03-01; 2.5 is 1900-01-01 noon). 1900 is correctly not a leap year, unlike Excel.
 */
final class DateSerial {
  static final LocalDate EPOCH = LocalDate.of(1899, 12, 30);

  private DateSerial() {}

  static double of(LocalDate date) {
    return ChronoUnit.DAYS.between(EPOCH, date);
  }

  static double of(LocalDateTime dateTime) {
    return of(dateTime.toLocalDate()) + of(dateTime.toLocalTime());
  }

  static double of(LocalTime time) {
    return time.toSecondOfDay() / 86400.0;
  }

  /** The date and time a serial stands for, to the nearest second. */
  static LocalDateTime toDateTime(double serial) {
    long seconds = Math.round(serial * 86400.0);
    return EPOCH.atStartOfDay().plusSeconds(seconds);
  }
}
