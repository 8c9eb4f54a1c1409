package com.chittysync.sync.engine;

import com.chittysync.sync.state.DeleteDecision;
import com.chittysync.sync.state.PlanReview;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * What people decided for a registry, and what a write decides on their behalf.
 *
 * @param fields values chosen for held conflicts, by key and field
 * @param deletes held deletes decided, by key (true approved, false rejected)
 */
record Decisions(Map<String, Map<String, JsonNode>> fields, Map<String, Boolean> deletes) {

  /** The decisions recorded for {@code registry}, with {@code write}'s (may be null) on top. */
  static Decisions of(PlanReview review, String registry, Write write) {
    Map<String, Map<String, JsonNode>> fields = new HashMap<>(review.decisions(registry));
    Map<String, Boolean> deletes = new HashMap<>();
    review
        .deleteDecisions(registry)
        .forEach((key, decision) -> deletes.put(key, decision == DeleteDecision.APPROVED));
    if (write != null) {
      // A write wins every field it sets, and its deletes need no approval.
      write
          .changes()
          .forEach(
              (key, change) -> {
                if (change.isPresent()) {
                  fields.computeIfAbsent(key, k -> new HashMap<>()).putAll(change.get());
                } else {
                  deletes.put(key, true);
                }
              });
    }
    return new Decisions(fields, deletes);
  }

  /** Whether a person or the write decided something about {@code key}. */
  boolean about(String key) {
    return fields.containsKey(key) || deletes.containsKey(key);
  }
}
