package com.chittysync.sync.state.memory;

import com.chittysync.sync.state.StateAdmin;

/** {@link StateAdmin} on a {@link MemoryState}. */
public final class MemoryStateAdmin implements StateAdmin {
  private final MemoryState state;

  public MemoryStateAdmin(MemoryState state) {
    this.state = state;
  }

  @Override
  public void forget(String registry) {
    synchronized (state) {
      state.plans.values().removeIf(p -> p.registry().equals(registry));
      state.runs.removeIf(r -> r.registry.equals(registry));
      state.conflicts.values().removeIf(c -> c.registry.equals(registry));
      state.heldDeletes.values().removeIf(d -> d.registry.equals(registry));
      state.reports.removeIf(r -> r.registry().equals(registry));
      state.snapshots.remove(registry);
      state.canonical.remove(registry);
      state.cursors.remove(registry);
      state.leases.remove(registry);
      state.registries.remove(registry);
    }
  }
}
