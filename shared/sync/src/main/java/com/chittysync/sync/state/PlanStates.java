package com.chittysync.sync.state;

import java.util.Optional;
import java.util.UUID;

/** Where stored plans are in their life: the read side of the plan journal. */
public interface PlanStates {
  /**
   * A stored plan's registry and status.
   *
   * @param registry the registry the plan is of
   * @param status where the plan is
   */
  record PlanState(String registry, PlanStatus status) {}

  /**
   * The state of stored plan {@code planId}, if there is one. Read without a lock: a plan being
   * applied may move on right after.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  Optional<PlanState> state(UUID planId);
}
