package com.chittysync.sync.state.memory;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.sync.state.DeleteDecision;
import com.chittysync.sync.state.ReviewQueue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link ReviewQueue} in a {@link MemoryState}. */
public final class MemoryReviewQueue implements ReviewQueue {
  private final MemoryState state;

  public MemoryReviewQueue(MemoryState state) {
    this.state = state;
  }

  @Override
  public List<OpenConflict> openConflicts(Optional<String> registry) {
    synchronized (state) {
      List<OpenConflict> out = new ArrayList<>();
      for (Map.Entry<Long, MemoryState.Conflict> e : state.conflicts.entrySet()) {
        MemoryState.Conflict c = e.getValue();
        if (c.open && (registry.isEmpty() || registry.get().equals(c.registry))) {
          out.add(
              new OpenConflict(
                  e.getKey(),
                  c.registry,
                  c.recordKey,
                  c.field,
                  MemoryState.text(c.baseValue),
                  MemoryState.text(c.candidates)));
        }
      }
      return out;
    }
  }

  @Override
  public JsonNode resolveConflict(long id, Choice choice, String by) {
    synchronized (state) {
      MemoryState.Conflict c = state.conflicts.get(id);
      if (c == null || !c.open) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT, "there is no open conflict #" + id);
      }
      // A copy, so a choice that keeps a piece of the candidates cannot alias the stored row.
      JsonNode value = choice.choose(c.candidates.deepCopy());
      ObjectNode resolution = Json.mapper().createObjectNode();
      resolution.set("value", value);
      resolution.put("by", by);
      c.resolution = resolution;
      c.open = false;
      return value;
    }
  }

  @Override
  public List<HeldDelete> heldDeletes(Optional<String> registry) {
    synchronized (state) {
      List<HeldDelete> out = new ArrayList<>();
      for (Map.Entry<Long, MemoryState.HeldDelete> e : state.heldDeletes.entrySet()) {
        MemoryState.HeldDelete d = e.getValue();
        if (d.status.equals("held") && (registry.isEmpty() || registry.get().equals(d.registry))) {
          out.add(
              new HeldDelete(
                  e.getKey(), d.registry, d.recordKey, d.sourceEndpoint, d.reason, d.createdAt));
        }
      }
      return out;
    }
  }

  @Override
  public int heldDeleteCount(String registry) {
    return heldDeletes(Optional.of(registry)).size();
  }

  @Override
  public boolean decideDelete(long id, DeleteDecision decision, String by) {
    synchronized (state) {
      MemoryState.HeldDelete d = state.heldDeletes.get(id);
      if (d == null || !d.status.equals("held")) {
        return false;
      }
      d.status = decision.wire();
      d.decidedBy = by;
      return true;
    }
  }

  @Override
  public int decideDeletes(
      String registry, Set<Long> ids, DeleteDecision decision, String by, int expected) {
    synchronized (state) {
      long held =
          ids.stream()
              .map(state.heldDeletes::get)
              .filter(d -> d != null && d.status.equals("held") && d.registry.equals(registry))
              .count();
      if (held != expected || held != ids.size()) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            "the selection changed: "
                + expected
                + " confirmed, "
                + ids.size()
                + " selected, "
                + held
                + " still held; nothing was decided, reload and choose again");
      }
      for (long id : ids) {
        MemoryState.HeldDelete d = state.heldDeletes.get(id);
        d.status = decision.wire();
        d.decidedBy = by;
      }
      return (int) held;
    }
  }

  @Override
  public int validationReportCount(String registry, String recordKey) {
    synchronized (state) {
      return (int)
          state.reports.stream()
              .filter(r -> r.registry().equals(registry) && r.recordKey().equals(recordKey))
              .count();
    }
  }
}
