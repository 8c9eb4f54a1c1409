package com.chittysync.emulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulators' clock: the Notion emulator's {@code created_time}/{@code last_edited_time} stamps,
 * the Sheets emulator's per-minute quotas and token expiry. Like the services' own clocks it runs
 * with the wall clock, so what a client sees ages as it does against the real service; {@link #set}
 * and {@link #advance} move it (it keeps running from there), so tests decide what time they see
 * without sleeping. A test whose assertions hang on the second can {@link #freeze} it.
 */
public final class EmulatorClock extends Clock {
  /** Either running ({@code fixed} null: the wall clock plus {@code offset}) or frozen. */
  private record Reading(Duration offset, Instant fixed) {}

  private final Clock wall;
  private final AtomicReference<Reading> reading;

  /** A running clock that reads {@code start} now. */
  public EmulatorClock(Instant start) {
    this(Clock.systemUTC(), Duration.between(Instant.now(), start));
  }

  /** A running clock that reads {@code wall} plus {@code offset}. */
  EmulatorClock(Clock wall, Duration offset) {
    this.wall = wall;
    this.reading = new AtomicReference<>(new Reading(offset, null));
  }

  /** A running clock that reads the wall clock's time. */
  public static EmulatorClock wallClock() {
    return new EmulatorClock(Clock.systemUTC(), Duration.ZERO);
  }

  /** Makes the clock read {@code instant} now; a running clock runs on from there. */
  public void set(Instant instant) {
    reading.updateAndGet(
        r ->
            r.fixed() == null
                ? new Reading(Duration.between(wall.instant(), instant), null)
                : new Reading(Duration.ZERO, instant));
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public void advance(Duration duration) {
    reading.updateAndGet(
        r ->
            r.fixed() == null
                ? new Reading(r.offset().plus(duration), null)
                : new Reading(Duration.ZERO, r.fixed().plus(duration)));
  }

  /** Stops the clock at what it reads now; only {@link #set} and {@link #advance} move it then. */
  public void freeze() {
    reading.updateAndGet(r -> r.fixed() != null ? r : new Reading(Duration.ZERO, read(r)));
  }

  @Override
  public Instant instant() {
    return read(reading.get());
  }

  private Instant read(Reading r) {
    return r.fixed() != null ? r.fixed() : wall.instant().plus(r.offset());
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
