package com.chittysync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A settable clock for the emulators, so tests decide what time they see: the Notion emulator's
 * {@code created_time}/{@code last_edited_time} stamps, the Sheets emulator's per-minute quotas and
 * token expiry. Tests never sleep. Starts at the real current time; {@link #set} and {@link
 * #advance} move it.
 */
public final class EmulatorClock extends Clock {
  private final AtomicReference<Instant> now;

  /** A clock reading {@code start}. */
  public EmulatorClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** Sets the current instant. */
  public void set(Instant instant) {
    now.set(instant);
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public void advance(Duration duration) {
    now.updateAndGet(i -> i.plus(duration));
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
