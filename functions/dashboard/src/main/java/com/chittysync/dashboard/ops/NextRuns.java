package com.chittysync.dashboard.ops;

import java.time.Instant;
import java.util.Optional;

/** When the schedule next asks for a registry's sync. */
public interface NextRuns {
  /** The next time after {@code now} registry {@code registry}'s schedule fires, if it has one. */
  Optional<Instant> next(String registry, Instant now);

  /** No schedules known here. */
  NextRuns NONE = (registry, now) -> Optional.empty();
}
