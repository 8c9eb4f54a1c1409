package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Checks the {@code sorts} of a query as Notion does: an array of sort objects, each naming exactly
 * one of a {@code property} of the data source or a {@code timestamp}, and a required {@code
 * direction} (the sort reference and the SDK's query body type).
 */
final class SortValidator {
  // The same bound as compound filter arrays; Notion's limit for sorts is not documented.
  static final int MAX_SORTS = 100;
  private static final Set<String> KEYS = Set.of("property", "timestamp", "direction");
  private static final Set<String> TIMESTAMPS = Set.of("created_time", "last_edited_time");
  private static final Set<String> DIRECTIONS = Set.of("ascending", "descending");

  private SortValidator() {}

  /** Refuses {@code sorts} (the body's {@code sorts} member) unless Notion would accept it. */
  static void validate(DataSourceRecord ds, JsonNode sorts) {
    if (!sorts.isArray()) {
      throw NotionError.bodyValidation("body.sorts", "an array", PropertyCodec.describe(sorts));
    }
    if (sorts.size() > MAX_SORTS) {
      throw NotionError.tooLong("body.sorts", MAX_SORTS, sorts.size());
    }
    for (int i = 0; i < sorts.size(); i++) {
      sort(ds, sorts.get(i), "body.sorts[" + i + "]");
    }
  }

  private static void sort(DataSourceRecord ds, JsonNode s, String path) {
    if (!s.isObject()) {
      throw NotionError.bodyValidation(path, "an object", PropertyCodec.describe(s));
    }
    for (var it = s.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw NotionError.bodyValidation(
            path + "." + k, "not present", PropertyCodec.describe(s.get(k)));
      }
    }
    if (s.has("property") && s.has("timestamp")) {
      throw NotionError.bodyValidation(
          path + ".timestamp", "not present", PropertyCodec.describe(s.get("timestamp")));
    }
    if (s.has("timestamp")) {
      JsonNode ts = s.get("timestamp");
      if (!ts.isTextual() || !TIMESTAMPS.contains(ts.asText())) {
        throw NotionError.bodyValidation(
            path + ".timestamp",
            "`created_time` or `last_edited_time`",
            PropertyCodec.describe(ts));
      }
    } else if (s.has("property")) {
      JsonNode name = s.get("property");
      if (!name.isTextual()) {
        throw NotionError.bodyValidation(
            path + ".property", "a string", PropertyCodec.describe(name));
      }
      if (ds.property(name.asText()) == null) {
        throw NotionError.validation(
            "Could not find sort property with name or id: " + name.asText());
      }
    } else {
      throw NotionError.bodyValidation(path + ".property", "defined", "`undefined`");
    }
    JsonNode direction = s.get("direction");
    if (direction == null || !direction.isTextual() || !DIRECTIONS.contains(direction.asText())) {
      throw NotionError.bodyValidation(
          path + ".direction", "`ascending` or `descending`", PropertyCodec.describe(direction));
    }
  }
}
