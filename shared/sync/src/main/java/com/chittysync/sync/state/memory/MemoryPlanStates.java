package com.chittysync.sync.state.memory;

import com.chittysync.sync.state.PlanStates;
import java.util.Optional;
import java.util.UUID;

/** {@link PlanStates} in a {@link MemoryState}. */
public final class MemoryPlanStates implements PlanStates {
  private final MemoryState state;

  public MemoryPlanStates(MemoryState state) {
    this.state = state;
  }

  @Override
  public Optional<PlanState> state(UUID planId) {
    synchronized (state) {
      MemoryState.Plan plan = state.plans.get(planId);
      return plan == null
          ? Optional.empty()
          : Optional.of(new PlanState(plan.registry(), plan.status()));
    }
  }
}
