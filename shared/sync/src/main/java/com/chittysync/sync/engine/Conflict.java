package com.chittysync.sync.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Different changes to one field at several endpoints since the last sync.
 *
 * @param key the record
 * @param field the field
 * @param base the last synced value (JSON null if none)
 * @param candidates each changing endpoint's value
 * @param winner the endpoint whose value was taken, or {@code null} when held for a person
 * @param rule how the winner was chosen: the strategy, {@code decision} for a person's choice, or
 *     the fallback and why when last-write-wins could not tell which change came last
 */
public record Conflict(
    String key,
    String field,
    JsonNode base,
    Map<String, JsonNode> candidates,
    String winner,
    String rule) {
  public Conflict {
    candidates = Map.copyOf(candidates);
  }

  /** A conflict settled (or held) by the registry's strategy as named. */
  public Conflict(
      String key, String field, JsonNode base, Map<String, JsonNode> candidates, String winner) {
    this(key, field, base, candidates, winner, winner == null ? "manual" : null);
  }

  /** Whether it waits for a person (the {@code manual} strategy). */
  public boolean held() {
    return winner == null;
  }
}
