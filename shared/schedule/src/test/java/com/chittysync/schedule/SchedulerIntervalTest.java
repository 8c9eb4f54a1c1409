package com.chittysync.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The interval the staleness metric doubles: a rate's, or the gap between a cron's firings. */
class SchedulerIntervalTest {
  private static final Instant AT = Instant.parse("2026-12-04T10:07:30Z");

  @Test
  void aRatesIntervalIsTheRate() {
    assertThat(Scheduler.interval("rate(5 minutes)", AT)).contains(Duration.ofMinutes(5));
    assertThat(Scheduler.interval("rate(1 day)", AT)).contains(Duration.ofDays(1));
  }

  @Test
  void aCronsIntervalIsTheGapBetweenItsNextTwoFirings() {
    assertThat(Scheduler.interval("cron(0/15 * * * ? *)", AT)).contains(Duration.ofMinutes(15));
    assertThat(Scheduler.interval("cron(0 8 * * ? *)", AT)).contains(Duration.ofDays(1));
    assertThat(Scheduler.interval("cron(0 9 ? * 2 *)", AT)).contains(Duration.ofDays(7));
  }
}
