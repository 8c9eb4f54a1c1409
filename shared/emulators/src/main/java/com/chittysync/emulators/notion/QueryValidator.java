package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * Checks the body of a data source (or legacy database) query before anything is evaluated, as
 * Notion's request validator does: its OpenAPI schema allows no other members ({@code
 * additionalProperties: false}, API-NOTES §2.1), and each member has one JSON type.
 */
final class QueryValidator {
  /** Body members and the JSON type each takes ({@code filter} and {@code sorts} go deeper). */
  private static final Map<String, String> MEMBERS =
      Map.of(
          "filter", "an object",
          "sorts", "an array",
          "start_cursor", "a string",
          "page_size", "an integer",
          "in_trash", "a boolean",
          "archived", "a boolean",
          "result_type", "`page` or `data_source`");

  // result_type arrived with data sources (wikis); the 2022-06-28 query body has no such member.
  private static final Set<String> DATA_SOURCES_ONLY = Set.of("result_type");

  private QueryValidator() {}

  /** Refuses {@code body} unless Notion would accept it for a query of {@code ds}. */
  static void validate(ApiRequest req, DataSourceRecord ds, ObjectNode body, Clock clock) {
    for (var it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      String path = "body." + key;
      if (!MEMBERS.containsKey(key)
          || (req.version == ApiVersion.LEGACY && DATA_SOURCES_ONLY.contains(key))) {
        // filter_properties lands here too: it is a query-string parameter, not a body member.
        throw NotionError.bodyValidation(path, "not present", PropertyCodec.describe(v));
      }
      // The SDK types start_cursor as string | null; the other members are not nullable.
      boolean ok =
          switch (key) {
            case "filter" -> v.isObject();
            case "sorts" -> v.isArray();
            case "start_cursor" -> v.isTextual() || v.isNull();
            case "page_size" -> v.isIntegralNumber();
            case "in_trash", "archived" -> v.isBoolean();
            case "result_type" ->
                v.isTextual() && (v.asText().equals("page") || v.asText().equals("data_source"));
            default -> false;
          };
      if (!ok) {
        throw NotionError.bodyValidation(path, MEMBERS.get(key), PropertyCodec.describe(v));
      }
    }
    if (body.has("filter")) {
      new FilterValidator(ds, clock, req.header("Notion-Version")).validate(body.get("filter"));
    }
    if (body.has("sorts")) {
      SortValidator.validate(ds, body.get("sorts"));
    }
  }
}
