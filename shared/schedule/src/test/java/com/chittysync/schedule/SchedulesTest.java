package com.chittysync.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulesTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:07:30Z"); // a Wednesday

  @Test
  void ratesFireOneIntervalAfterTheLastTime() {
    assertThat(Schedules.next("rate(1 minute)", AT)).contains(AT.plusSeconds(60));
    assertThat(Schedules.next("rate(5 minutes)", AT)).contains(AT.plusSeconds(300));
    assertThat(Schedules.next("rate(2 hours)", AT)).contains(AT.plusSeconds(7200));
    assertThat(Schedules.next("rate(1 day)", AT)).contains(AT.plusSeconds(86_400));
  }

  @Test
  void cronExpressionsFollowEventBridgeInUtc() {
    assertThat(Schedules.next("cron(0/15 * * * ? *)", AT))
        .contains(Instant.parse("2026-11-25T10:15:00Z"));
    assertThat(Schedules.next("cron(0 8 * * ? *)", AT))
        .contains(Instant.parse("2026-11-26T08:00:00Z"));
    // Day of week 2 is Monday, as in EventBridge (1 is Sunday).
    assertThat(Schedules.next("cron(0 9 ? * 2 *)", AT))
        .contains(Instant.parse("2026-11-30T09:00:00Z"));
    assertThat(Schedules.next("cron(0 18 L * ? *)", AT))
        .contains(Instant.parse("2026-11-30T18:00:00Z"));
  }

  @Test
  void anInvalidExpressionIsRefusedWithTheReason() {
    assertThatThrownBy(() -> Schedules.next("rate(1 minutes)", AT))
        .hasMessageContaining("singular unit");
  }
}
