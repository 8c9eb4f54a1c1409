package com.chittysync.emulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EmulatorClockTest {
  private static final Instant WALL = Instant.parse("2026-03-01T09:00:00Z");

  /** A wall clock the test moves, standing in for real time passing. */
  private static final class Wall extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(WALL);

    void pass(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void runsWithTheWallClock() {
    Wall wall = new Wall();
    EmulatorClock clock = new EmulatorClock(wall, Duration.ZERO);

    wall.pass(Duration.ofMinutes(3));

    assertThat(clock.instant()).isEqualTo(WALL.plus(Duration.ofMinutes(3)));
  }

  @Test
  void aClockThatWasSetOrAdvancedRunsOnFromThere() {
    Wall wall = new Wall();
    EmulatorClock clock = new EmulatorClock(wall, Duration.ZERO);

    clock.set(Instant.parse("2026-01-01T10:05:17Z"));
    wall.pass(Duration.ofSeconds(10));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T10:05:27Z"));

    clock.advance(Duration.ofMinutes(2));
    wall.pass(Duration.ofSeconds(1));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T10:07:28Z"));
  }

  @Test
  void aFrozenClockMovesOnlyWhenSetOrAdvanced() {
    Wall wall = new Wall();
    EmulatorClock clock = new EmulatorClock(wall, Duration.ZERO);
    clock.freeze();

    wall.pass(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(WALL);

    clock.advance(Duration.ofSeconds(30));
    assertThat(clock.instant()).isEqualTo(WALL.plusSeconds(30));
    clock.set(Instant.parse("2026-01-01T00:00:00Z"));
    wall.pass(Duration.ofHours(1));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void aWallClockReadsRealTime() {
    Instant before = Instant.now();
    Instant read = EmulatorClock.wallClock().instant();
    assertThat(read).isBetween(before, Instant.now());
  }
}
