package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a schema given in Notion's {@code properties} shape (either the create-request form {@code
 * {"Name":{"title":{}}}} or the response form {@code {"Name":{"id":..,"type":"title","title":{}}}})
 * into normalized property configs.
 */
final class Schema {
  /** Every property type the emulator models. */
  static final Set<String> TYPES =
      Set.of(
          "title",
          "rich_text",
          "number",
          "select",
          "multi_select",
          "status",
          "date",
          "checkbox",
          "url",
          "email",
          "phone_number",
          "relation",
          "people",
          "formula",
          "rollup",
          "created_time",
          "last_edited_time",
          "created_by",
          "last_edited_by",
          "unique_id",
          "files",
          "button",
          "verification");

  /** Types the API refuses to write (files are writable in Notion and here). */
  static final Set<String> READ_ONLY =
      Set.of(
          "formula",
          "rollup",
          "created_time",
          "last_edited_time",
          "created_by",
          "last_edited_by",
          "unique_id",
          "button",
          "verification");

  private Schema() {}

  /** The type named by a config or property value: its {@code type} field or its one type key. */
  static String typeOf(JsonNode config) {
    if (config.hasNonNull("type")) {
      return config.get("type").asText();
    }
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (TYPES.contains(f)) {
        return f;
      }
    }
    return null;
  }

  /**
   * Normalizes one property config.
   *
   * @param databaseOfDataSource resolves a related data source id to its database id (null if
   *     unknown)
   */
  static ObjectNode normalize(
      String name,
      JsonNode input,
      String existingId,
      Random random,
      Function<String, String> databaseOfDataSource) {
    String type = typeOf(input);
    if (type == null || !TYPES.contains(type)) {
      throw NotionError.validation(
          "body failed validation: body.properties." + name + " has an unknown property type.");
    }
    String id =
        input.hasNonNull("id")
            ? input.get("id").asText()
            : existingId != null
                ? existingId
                : "title".equals(type) ? "title" : Ids.newPropertyId(random);
    JsonNode given = input.path(type);
    ObjectNode config = Json.object();
    config.put("id", id);
    config.put("name", name);
    if (input.has("description")) {
      config.set("description", input.get("description"));
    }
    config.put("type", type);
    config.set(type, typeConfig(type, given, databaseOfDataSource));
    return config;
  }

  private static ObjectNode typeConfig(
      String type, JsonNode given, Function<String, String> databaseOfDataSource) {
    ObjectNode out = Json.object();
    switch (type) {
      case "number" -> out.put("format", given.path("format").asText("number"));
      case "select", "multi_select" -> out.set("options", options(given.path("options"), false));
      case "status" -> statusConfig(given, out);
      case "formula" -> out.put("expression", given.path("expression").asText(""));
      case "unique_id" -> {
        if (given.hasNonNull("prefix")) {
          out.put("prefix", given.get("prefix").asText());
        } else {
          out.putNull("prefix");
        }
      }
      case "relation" -> {
        String ds = Ids.normalize(given.path("data_source_id").asText(null));
        String db = Ids.normalize(given.path("database_id").asText(null));
        if (db == null && ds != null) {
          db = databaseOfDataSource.apply(ds);
        }
        out.put("database_id", db);
        out.put("data_source_id", ds);
        if (given.has("dual_property")) {
          out.put("type", "dual_property");
          out.set("dual_property", given.get("dual_property").deepCopy());
        } else {
          out.put("type", "single_property");
          out.set("single_property", Json.object());
        }
      }
      case "rollup" -> {
        for (String f :
            new String[] {
              "function",
              "relation_property_name",
              "relation_property_id",
              "rollup_property_name",
              "rollup_property_id"
            }) {
          if (given.hasNonNull(f)) {
            out.put(f, given.get(f).asText());
          }
        }
        if (!out.has("function")) {
          out.put("function", "count");
        }
      }
      default -> {
        // The remaining types have an empty config object.
      }
    }
    return out;
  }

  private static void statusConfig(JsonNode given, ObjectNode out) {
    ArrayNode options;
    if (given.path("options").isArray() && given.path("options").size() > 0) {
      options = options(given.get("options"), true);
    } else {
      options = Json.array();
      options.add(option("Not started", "default"));
      options.add(option("In progress", "blue"));
      options.add(option("Done", "green"));
    }
    out.set("options", options);
    if (given.path("groups").isArray()) {
      out.set("groups", given.get("groups").deepCopy());
      return;
    }
    // Notion puts every status option in one of three groups; we use the option order.
    ArrayNode groups = Json.array();
    String[][] names = {{"To-do", "gray"}, {"In progress", "blue"}, {"Complete", "green"}};
    for (int g = 0; g < 3; g++) {
      ObjectNode group = groups.addObject();
      group.put("id", Ids.newId());
      group.put("name", names[g][0]);
      group.put("color", names[g][1]);
      ArrayNode ids = group.putArray("option_ids");
      for (int i = 0; i < options.size(); i++) {
        int bucket = i == 0 ? 0 : i == options.size() - 1 ? 2 : 1;
        if (bucket == g) {
          ids.add(options.get(i).get("id").asText());
        }
      }
    }
    out.set("groups", groups);
  }

  private static ArrayNode options(JsonNode given, boolean status) {
    ArrayNode out = Json.array();
    if (given.isArray()) {
      for (JsonNode o : given) {
        ObjectNode opt = option(o.path("name").asText(), o.path("color").asText("default"));
        if (o.hasNonNull("id")) {
          opt.put("id", o.get("id").asText());
        }
        if (o.has("description")) {
          opt.set("description", o.get("description"));
        }
        out.add(opt);
      }
    }
    return out;
  }

  /** A new select/status option with a fresh id. */
  static ObjectNode option(String name, String color) {
    ObjectNode opt = Json.object();
    opt.put("id", Ids.newId());
    opt.put("name", name);
    opt.put("color", color);
    opt.putNull("description");
    return opt;
  }

  /** The {id,name,color} reference to an option, the shape page values use. */
  static ObjectNode optionRef(JsonNode option) {
    ObjectNode ref = Json.object();
    ref.put("id", option.path("id").asText());
    ref.put("name", option.path("name").asText());
    ref.put("color", option.path("color").asText("default"));
    return ref;
  }

  /** Checks that exactly one title property exists among the configs. */
  static void requireOneTitle(Map<String, ObjectNode> properties) {
    long titles =
        properties.values().stream().filter(c -> "title".equals(c.path("type").asText())).count();
    if (titles != 1) {
      throw NotionError.validation(
          "body failed validation: a data source needs exactly one title property, found "
              + titles
              + ".");
    }
  }
}
