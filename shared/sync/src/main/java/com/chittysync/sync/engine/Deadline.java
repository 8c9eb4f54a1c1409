package com.chittysync.sync.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * When an apply must stop starting work, so that what it did is recorded before the process is
 * stopped (a Lambda function's timeout). Checked between batches: a batch begun runs to its end, so
 * the time left at the deadline must cover the longest batch (the hand-over margin).
 */
public final class Deadline {
  private static final Deadline NONE = new Deadline(null, null);

  private final Instant stopBy;
  private final InstantSource clock;

  private Deadline(Instant stopBy, InstantSource clock) {
    this.stopBy = stopBy;
    this.clock = clock;
  }

  /** No deadline: the apply runs to the end of the plan (the CLI, a test). */
  public static Deadline none() {
    return NONE;
  }

  /** A deadline at {@code stopBy} by {@code clock}. */
  public static Deadline at(Instant stopBy, InstantSource clock) {
    return new Deadline(Objects.requireNonNull(stopBy, "stopBy"), clock);
  }

  /**
   * The deadline of an invocation with {@code remaining} time left, keeping {@code margin} of it to
   * finish the batch in progress and record the hand-over.
   */
  public static Deadline within(Duration remaining, Duration margin, InstantSource clock) {
    return at(clock.instant().plus(remaining).minus(margin), clock);
  }

  /** The instant work must stop starting by, if there is a deadline. */
  public Optional<Instant> stopBy() {
    return Optional.ofNullable(stopBy);
  }

  /** Whether the deadline has passed: no new batch may start. */
  public boolean passed() {
    return stopBy != null && !clock.instant().isBefore(stopBy);
  }

  @Override
  public String toString() {
    return stopBy == null ? "no deadline" : "stop by " + stopBy;
  }
}
