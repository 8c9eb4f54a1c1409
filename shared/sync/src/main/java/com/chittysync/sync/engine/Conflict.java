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
 */
public record Conflict(
    String key, String field, JsonNode base, Map<String, JsonNode> candidates, String winner) {
  public Conflict {
    candidates = Map.copyOf(candidates);
  }

  /** Whether it waits for a person (the {@code manual} strategy). */
  public boolean held() {
    return winner == null;
  }
}
