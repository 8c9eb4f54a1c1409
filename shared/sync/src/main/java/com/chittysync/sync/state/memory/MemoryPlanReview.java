package com.chittysync.sync.state.memory;

import com.chittysync.core.json.Json;
import com.chittysync.sync.engine.Conflict;
import com.chittysync.sync.engine.Plan;
import com.chittysync.sync.engine.Resolution;
import com.chittysync.sync.state.DeleteDecision;
import com.chittysync.sync.state.PlanReview;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@link PlanReview} in a {@link MemoryState}. */
public final class MemoryPlanReview implements PlanReview {
  private final MemoryState state;

  public MemoryPlanReview(MemoryState state) {
    this.state = state;
  }

  @Override
  public void recordAttention(Plan plan) {
    synchronized (state) {
      String registry = plan.registry();
      state.ensure(registry);
      for (Plan.Invalid i : plan.invalid()) {
        state.reports.add(new MemoryState.Report(plan.runId(), registry, i.endpoint(), i.key()));
      }
      Set<String> heldPairs = new HashSet<>();
      Set<String> heldKeys = new HashSet<>();
      for (Conflict conflict : plan.conflicts()) {
        if (!conflict.held()) {
          continue;
        }
        heldPairs.add(conflict.key() + "\u0000" + conflict.field());
        heldKeys.add(conflict.key());
        ObjectNode candidates = Json.mapper().createObjectNode();
        conflict.candidates().forEach(candidates::set);
        MemoryState.Conflict open = openConflict(registry, conflict.key(), conflict.field());
        if (open != null) {
          open.candidates = candidates;
          open.runId = plan.runId();
        } else {
          long id =
              state.openConflict(
                  registry, conflict.key(), conflict.field(), conflict.base(), candidates);
          state.conflicts.get(id).runId = plan.runId();
        }
      }
      Set<String> heldDeletes = new HashSet<>();
      for (Resolution r : plan.heldDeletes()) {
        heldDeletes.add(r.key());
        boolean held =
            state.heldDeletes.values().stream()
                .anyMatch(
                    d ->
                        d.registry.equals(registry)
                            && d.recordKey.equals(r.key())
                            && d.status.equals("held"));
        if (!held) {
          long id =
              state.holdDelete(registry, r.key(), String.join(",", r.deleteFrom()), r.reason());
          state.heldDeletes.get(id).runId = plan.runId();
        }
      }
      if (plan.reviewed().isEmpty()) {
        return;
      }
      Set<String> reviewed = plan.reviewed();
      // Open conflicts the plan looked at and no longer holds: settled by the endpoints.
      for (MemoryState.Conflict c : state.conflicts.values()) {
        if (c.registry.equals(registry)
            && c.open
            && reviewed.contains(c.recordKey)
            && !heldPairs.contains(c.recordKey + "\u0000" + c.field)) {
          ObjectNode resolution = Json.mapper().createObjectNode();
          resolution.put("by", "sync");
          resolution.put("superseded", true);
          resolution.put("applied", true);
          resolution.put("run_id", plan.runId().toString());
          c.resolution = resolution;
          c.open = false;
        }
      }
      // A decision is spent by the first plan that looks at its key and holds nothing there.
      Set<String> stillWaiting = new HashSet<>(heldKeys);
      stillWaiting.addAll(heldDeletes);
      for (MemoryState.Conflict c : state.conflicts.values()) {
        if (c.registry.equals(registry)
            && !c.open
            && c.resolution instanceof ObjectNode resolution
            && !resolution.has("applied")
            && reviewed.contains(c.recordKey)
            && !stillWaiting.contains(c.recordKey)) {
          resolution.put("applied", true);
        }
      }
      for (MemoryState.HeldDelete d : state.heldDeletes.values()) {
        if (!d.registry.equals(registry) || !reviewed.contains(d.recordKey)) {
          continue;
        }
        if ((d.status.equals("approved") || d.status.equals("rejected"))
            && !stillWaiting.contains(d.recordKey)) {
          d.status = "applied";
        } else if (d.status.equals("held") && !heldDeletes.contains(d.recordKey)) {
          d.status = "superseded";
          d.decidedAt = state.clock.instant();
          d.decidedBy = "sync";
        }
      }
    }
  }

  private MemoryState.Conflict openConflict(String registry, String key, String field) {
    for (MemoryState.Conflict c : state.conflicts.values()) {
      if (c.open
          && c.registry.equals(registry)
          && c.recordKey.equals(key)
          && c.field.equals(field)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public Set<String> keysAwaitingPeople(String registry) {
    synchronized (state) {
      Set<String> out = new HashSet<>();
      for (MemoryState.Conflict c : state.conflicts.values()) {
        if (c.registry.equals(registry)
            && (c.open || c.resolution == null || !c.resolution.has("applied"))) {
          out.add(c.recordKey);
        }
      }
      for (MemoryState.HeldDelete d : state.heldDeletes.values()) {
        if (d.registry.equals(registry)
            && List.of("held", "approved", "rejected").contains(d.status)) {
          out.add(d.recordKey);
        }
      }
      // Records the last finished sync or diff (not failed) quarantined.
      MemoryState.Run last = null;
      for (MemoryState.Run run : state.runs) {
        if (run.registry.equals(registry)
            && (run.kind == RunKind.SYNC || run.kind == RunKind.DIFF)
            && run.finishedAt != null
            && run.status != RunStatus.FAILED
            && (last == null || !run.startedAt.isBefore(last.startedAt))) {
          last = run;
        }
      }
      if (last != null) {
        for (MemoryState.Report r : state.reports) {
          if (r.registry().equals(registry)
              && r.recordKey() != null
              && last.runId.equals(r.runId())) {
            out.add(r.recordKey());
          }
        }
      }
      return out;
    }
  }

  @Override
  public Set<String> heldDeleteKeys(String registry) {
    synchronized (state) {
      Set<String> out = new HashSet<>();
      for (MemoryState.HeldDelete d : state.heldDeletes.values()) {
        if (d.registry.equals(registry) && d.status.equals("held")) {
          out.add(d.recordKey);
        }
      }
      return out;
    }
  }

  @Override
  public Map<String, Map<String, JsonNode>> decisions(String registry) {
    synchronized (state) {
      Map<String, Map<String, JsonNode>> out = new HashMap<>();
      for (MemoryState.Conflict c : state.conflicts.values()) {
        if (c.registry.equals(registry)
            && !c.open
            && c.resolution != null
            && c.resolution.has("value")
            && !c.resolution.has("applied")) {
          out.computeIfAbsent(c.recordKey, k -> new HashMap<>())
              .put(c.field, c.resolution.get("value").deepCopy());
        }
      }
      return out;
    }
  }

  @Override
  public Map<String, DeleteDecision> deleteDecisions(String registry) {
    synchronized (state) {
      Map<String, DeleteDecision> out = new HashMap<>();
      for (MemoryState.HeldDelete d : state.heldDeletes.values()) {
        if (d.registry.equals(registry)
            && (d.status.equals("approved") || d.status.equals("rejected"))) {
          out.put(
              d.recordKey,
              d.status.equals("approved") ? DeleteDecision.APPROVED : DeleteDecision.REJECTED);
        }
      }
      return out;
    }
  }

  @Override
  public boolean planLeftAttention(UUID planId) {
    synchronized (state) {
      return state.runs.stream()
          .anyMatch(
              r ->
                  planId.equals(r.planId)
                      && r.kind != RunKind.APPLY
                      && r.status == RunStatus.ATTENTION);
    }
  }
}
