package com.chittysync.dashboard.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Checks a value a person typed to resolve a conflict, before it is accepted. */
public interface ValueCheck {
  /**
   * What is wrong with record {@code key} of {@code registry} once {@code field} holds {@code
   * value}, by the registry's JSON Schema: each problem as "path: message". Empty when it is valid.
   */
  List<String> problems(String registry, String key, String field, JsonNode value);
}
