package com.chittysync.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerialDatesTest {
  @Test
  void documentedSerialNumbersAreTheirDates() {
    // Google's examples: 42430 is 2016-03-01; 1900-01-01 noon is 2.5; 1900-02-01 15:00 is 33.625.
    assertThat(SerialDates.date(new BigDecimal("42430"))).isEqualTo(LocalDate.of(2016, 3, 1));
    assertThat(SerialDates.serial(LocalDate.of(2016, 3, 1))).isEqualTo(42430);
    assertThat(SerialDates.instant(new BigDecimal("2.5")))
        .isEqualTo(Instant.parse("1900-01-01T12:00:00Z"));
    assertThat(SerialDates.instant(new BigDecimal("33.625")))
        .isEqualTo(Instant.parse("1900-02-01T15:00:00Z"));
    assertThat(SerialDates.serial(Instant.parse("1900-02-01T15:00:00Z")))
        .isEqualByComparingTo("33.625");
  }

  @Test
  void nineteenHundredIsNotALeapYearAndTheEpochIsDayZero() {
    assertThat(SerialDates.serial(LocalDate.of(1899, 12, 30))).isZero();
    assertThat(SerialDates.serial(LocalDate.of(1899, 12, 29))).isEqualTo(-1);
    assertThat(SerialDates.serial(LocalDate.of(1900, 2, 28))).isEqualTo(60);
    assertThat(SerialDates.serial(LocalDate.of(1900, 3, 1))).isEqualTo(61);
    assertThat(SerialDates.serial(LocalDate.of(1970, 1, 1))).isEqualTo(25569);
  }

  @Test
  void aDateTimeKeepsItsDateAndDropsItsTimeAsADate() {
    assertThat(SerialDates.date(new BigDecimal("42430.99"))).isEqualTo(LocalDate.of(2016, 3, 1));
    assertThat(SerialDates.date(new BigDecimal("-0.5"))).isEqualTo(LocalDate.of(1899, 12, 29));
    assertThat(SerialDates.hasTime(new BigDecimal("42430.0"))).isFalse();
    assertThat(SerialDates.hasTime(new BigDecimal("42430.25"))).isTrue();
  }

  @Test
  void instantsSurviveTheRoundTripToTheMillisecondAsADouble() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochMilli(
              Instant.parse("1900-01-01T00:00:00Z").toEpochMilli()
                  + (long) (random.nextDouble() * 250L * 365 * 86_400_000));
      BigDecimal serial = SerialDates.serial(instant);
      // Sheets keeps the number as a double: that is what comes back.
      BigDecimal back = new BigDecimal(Double.toString(serial.doubleValue()));
      assertThat(SerialDates.instant(back)).as(serial.toString()).isEqualTo(instant);
    }
  }
}
