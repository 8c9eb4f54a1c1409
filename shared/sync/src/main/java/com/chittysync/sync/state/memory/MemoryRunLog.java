package com.chittysync.sync.state.memory;

import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunLog;
import com.chittysync.sync.state.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link RunLog} in a {@link MemoryState}. */
public final class MemoryRunLog implements RunLog {
  private final MemoryState state;

  public MemoryRunLog(MemoryState state) {
    this.state = state;
  }

  @Override
  public List<RunSummary> recentRuns(Optional<String> registry, int limit) {
    synchronized (state) {
      Instant now = state.clock.instant();
      List<RunSummary> out = new ArrayList<>();
      state.runs.stream()
          .filter(r -> registry.isEmpty() || registry.get().equals(r.registry))
          .sorted(Comparator.comparing((MemoryState.Run r) -> r.startedAt).reversed())
          .limit(Math.max(0, limit))
          .forEach(
              r ->
                  out.add(
                      new RunSummary(
                          r.runId,
                          r.registry,
                          r.kind,
                          r.trigger,
                          r.status,
                          r.startedAt,
                          Duration.ofMillis(
                              Duration.between(
                                      r.startedAt, r.finishedAt == null ? now : r.finishedAt)
                                  .toMillis()),
                          r.counts,
                          Optional.ofNullable(r.error))));
      return out;
    }
  }

  @Override
  public UUID startRun(String registry, RunKind kind, String trigger, boolean full) {
    synchronized (state) {
      return state.startRun(registry, kind, trigger, state.clock.instant());
    }
  }

  @Override
  public void finishRun(
      UUID runId, RunStatus status, JsonNode counts, UUID planId, String errorCode, String error) {
    synchronized (state) {
      state.finishRun(runId, status, counts, planId, errorCode, error);
    }
  }
}
