package com.chittysync.pipeline;

import com.chittysync.core.config.Environment;
import com.chittysync.sync.engine.Deadline;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * When a diff or an apply, given the time its invocation has left, stops starting work and hands
 * the rest to a fresh invocation: a full read that keeps its parts, a plan applied in parts.
 *
 * @param margin the time left at the deadline for the batch (or read response) in progress and the
 *     records: at least the longest batch an endpoint takes
 * @param clock the time
 */
public record HandOver(Duration margin, InstantSource clock) {
  /** The margin's setting, in seconds. */
  public static final String MARGIN_SETTING = "HANDOVER_MARGIN_SECONDS";

  /**
   * The margin when the setting is absent. A batch of 20 Notion pages takes about 7 s at 3
   * requests/s; registries sharing the integration's budget stretch it, ten of them to about 70 s.
   */
  public static final Duration DEFAULT_MARGIN = Duration.ofSeconds(120);

  public HandOver {
    Objects.requireNonNull(margin, "margin");
    Objects.requireNonNull(clock, "clock");
    if (margin.isNegative()) {
      throw new IllegalArgumentException("margin " + margin + " is negative");
    }
  }

  /**
   * Reads {@value #MARGIN_SETTING} (1 to 600 seconds; {@link #DEFAULT_MARGIN} when unset).
   *
   * @throws com.chittysync.core.config.ConfigException when it is not a whole number in range
   */
  public static HandOver from(Environment env, InstantSource clock) {
    int seconds = env.getInt(MARGIN_SETTING, (int) DEFAULT_MARGIN.toSeconds(), 1, 600);
    return new HandOver(Duration.ofSeconds(seconds), clock);
  }

  /** The deadline of an invocation with {@code remaining} time left. */
  public Deadline deadline(Duration remaining) {
    return Deadline.within(remaining, margin, clock);
  }
}
