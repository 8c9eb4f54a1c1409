package com.chittysync.sync.state.memory;

import com.chittysync.sync.state.RegistryRows;
import java.time.Instant;
import java.util.Optional;

/** {@link RegistryRows} in a {@link MemoryState}. */
public final class MemoryRegistryRows implements RegistryRows {
  private final MemoryState state;

  public MemoryRegistryRows(MemoryState state) {
    this.state = state;
  }

  @Override
  public void ensure(String registry) {
    synchronized (state) {
      state.ensure(registry);
    }
  }

  @Override
  public Optional<Claim> claimSchedule(String registry, Instant now, Schedule schedule) {
    synchronized (state) {
      state.ensure(registry);
      Instant lastRequest = state.registries.get(registry).lastScheduledAt;
      Instant lastRun = null;
      for (MemoryState.Run run : state.runs) {
        if (run.registry.equals(registry) && (lastRun == null || run.startedAt.isAfter(lastRun))) {
          lastRun = run.startedAt;
        }
      }
      Instant last =
          lastRequest == null
              ? lastRun
              : lastRun == null || lastRequest.isAfter(lastRun) ? lastRequest : lastRun;
      if (last != null) {
        Optional<Instant> next = schedule.nextAfter(last);
        if (next.isEmpty() || next.get().isAfter(now)) {
          return Optional.empty();
        }
      }
      state.registries.get(registry).lastScheduledAt = now;
      return Optional.of(new Claim(Optional.ofNullable(lastRequest)));
    }
  }

  @Override
  public Optional<Instant> convergedSince(String registry) {
    synchronized (state) {
      Instant converged = null;
      Instant first = null;
      for (MemoryState.Run run : state.runs) {
        if (!run.registry.equals(registry)) {
          continue;
        }
        if (first == null || run.startedAt.isBefore(first)) {
          first = run.startedAt;
        }
        if (run.status == com.chittysync.sync.state.RunStatus.CONVERGED
            && run.finishedAt != null
            && (converged == null || run.finishedAt.isAfter(converged))) {
          converged = run.finishedAt;
        }
      }
      return Optional.ofNullable(converged != null ? converged : first);
    }
  }

  @Override
  public void giveBack(String registry, Claim claim) {
    synchronized (state) {
      MemoryState.Registry row = state.registries.get(registry);
      if (row != null) {
        row.lastScheduledAt = claim.previousRequest().orElse(null);
      }
    }
  }
}
