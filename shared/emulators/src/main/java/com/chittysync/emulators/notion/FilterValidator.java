package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code filter} of a query the way Notion's request validator does, before any page is
 * looked at, so that a filter Notion answers with 400 {@code validation_error} fails here too, even
 * on an empty data source. The shapes are the SDK's filter types (API-NOTES §2.2): a filter object
 * holds one condition, each operator takes one JSON type, compound filters nest two levels at most.
 */
final class FilterValidator {
  private static final int MAX_COMPOUND_ITEMS = 100;
  private static final int MAX_COMPOUND_DEPTH = 2;
  // The Notion-Version that renamed the "text" condition key to "rich_text".
  private static final String TEXT_RENAMED_IN = "2022-02-22";

  /** The JSON value an operator takes. */
  private enum Arg {
    STRING("a string"),
    NUMBER("a number"),
    BOOLEAN("a boolean"),
    STRING_OR_STRINGS("a string or an array of strings"),
    UUID("a valid uuid"),
    UUID_OR_ME("a valid uuid or `me`"),
    TRUE("`true`");

    final String expectation;

    Arg(String expectation) {
      this.expectation = expectation;
    }
  }

  private static final Map<String, Arg> EXISTENCE =
      Map.of("is_empty", Arg.TRUE, "is_not_empty", Arg.TRUE);
  private static final Map<String, Arg> TEXT =
      with(
          EXISTENCE,
          Map.of(
              "equals", Arg.STRING,
              "does_not_equal", Arg.STRING,
              "contains", Arg.STRING,
              "does_not_contain", Arg.STRING,
              "starts_with", Arg.STRING,
              "ends_with", Arg.STRING));
  private static final Map<String, Arg> NUMBER =
      with(
          EXISTENCE,
          Map.of(
              "equals", Arg.NUMBER,
              "does_not_equal", Arg.NUMBER,
              "greater_than", Arg.NUMBER,
              "less_than", Arg.NUMBER,
              "greater_than_or_equal_to", Arg.NUMBER,
              "less_than_or_equal_to", Arg.NUMBER));
  private static final Map<String, Arg> CHECKBOX =
      Map.of("equals", Arg.BOOLEAN, "does_not_equal", Arg.BOOLEAN);
  private static final Map<String, Arg> SELECT =
      with(
          EXISTENCE,
          Map.of("equals", Arg.STRING_OR_STRINGS, "does_not_equal", Arg.STRING_OR_STRINGS));
  private static final Map<String, Arg> MULTI_SELECT =
      with(
          EXISTENCE,
          Map.of("contains", Arg.STRING_OR_STRINGS, "does_not_contain", Arg.STRING_OR_STRINGS));
  private static final Map<String, Arg> PEOPLE =
      with(EXISTENCE, Map.of("contains", Arg.UUID_OR_ME, "does_not_contain", Arg.UUID_OR_ME));
  private static final Map<String, Arg> RELATION =
      with(EXISTENCE, Map.of("contains", Arg.UUID, "does_not_contain", Arg.UUID));

  /** Operators of each condition key whose value is a plain operator object. */
  private static final Map<String, Map<String, Arg>> CONDITIONS =
      Map.ofEntries(
          Map.entry("title", TEXT),
          Map.entry("rich_text", TEXT),
          Map.entry("text", TEXT),
          Map.entry("url", TEXT),
          Map.entry("email", TEXT),
          Map.entry("phone_number", TEXT),
          Map.entry("number", NUMBER),
          Map.entry("unique_id", NUMBER),
          Map.entry("checkbox", CHECKBOX),
          Map.entry("select", SELECT),
          Map.entry("status", SELECT),
          Map.entry("multi_select", MULTI_SELECT),
          Map.entry("people", PEOPLE),
          Map.entry("created_by", PEOPLE),
          Map.entry("last_edited_by", PEOPLE),
          Map.entry("relation", RELATION),
          Map.entry("files", EXISTENCE));

  private static final Set<String> DATE_KEYS = Set.of("date", "created_time", "last_edited_time");
  private static final Set<String> TIMESTAMPS = Set.of("created_time", "last_edited_time");

  /**
   * Which condition keys a property type accepts. Text, date and people conditions also apply to
   * the types the filter reference lists under them; "text" is rich_text's name before 2022-02-22.
   */
  private static final Map<String, Set<String>> FILTER_KEYS =
      Map.ofEntries(
          Map.entry("title", Set.of("title", "rich_text", "text")),
          Map.entry("rich_text", Set.of("rich_text", "title", "text")),
          Map.entry("url", Set.of("url", "rich_text")),
          Map.entry("email", Set.of("email", "rich_text")),
          Map.entry("phone_number", Set.of("phone_number", "rich_text")),
          Map.entry("number", Set.of("number")),
          Map.entry("unique_id", Set.of("unique_id", "number")),
          Map.entry("checkbox", Set.of("checkbox")),
          Map.entry("select", Set.of("select")),
          Map.entry("status", Set.of("status")),
          Map.entry("multi_select", Set.of("multi_select")),
          Map.entry("date", Set.of("date")),
          Map.entry("created_time", Set.of("created_time", "date")),
          Map.entry("last_edited_time", Set.of("last_edited_time", "date")),
          Map.entry("people", Set.of("people")),
          Map.entry("created_by", Set.of("created_by", "people")),
          Map.entry("last_edited_by", Set.of("last_edited_by", "people")),
          Map.entry("relation", Set.of("relation")),
          Map.entry("files", Set.of("files")),
          Map.entry("formula", Set.of("formula")),
          Map.entry("rollup", Set.of("rollup")));

  private static final Map<String, String> FORMULA_RESULTS =
      Map.of("string", "rich_text", "checkbox", "checkbox", "number", "number", "date", "date");
  private static final Set<String> ROLLUP_SUBFILTER_KEYS =
      Set.of(
          "rich_text",
          "number",
          "checkbox",
          "select",
          "multi_select",
          "relation",
          "date",
          "people",
          "files",
          "status");

  private final DataSourceRecord ds;
  private final Clock clock;
  private final boolean textKeyAllowed;

  /**
   * @param notionVersion the request's Notion-Version header; it decides whether the old {@code
   *     text} condition key is still understood
   */
  FilterValidator(DataSourceRecord ds, Clock clock, String notionVersion) {
    this.ds = ds;
    this.clock = clock;
    this.textKeyAllowed =
        notionVersion != null && notionVersion.trim().compareTo(TEXT_RENAMED_IN) < 0;
  }

  /** Refuses {@code filter} (the body's {@code filter} member) unless Notion would accept it. */
  void validate(JsonNode filter) {
    validate(filter, "body.filter", 0);
  }

  private void validate(JsonNode f, String path, int depth) {
    if (!f.isObject()) {
      throw NotionError.bodyValidation(path, "an object", PropertyCodec.describe(f));
    }
    if (f.has("and") || f.has("or")) {
      compound(f, path, depth);
    } else if (f.has("timestamp")) {
      timestamp(f, path);
    } else if (f.has("property")) {
      property(f, path);
    } else {
      throw NotionError.bodyValidation(path + ".property", "defined", "`undefined`");
    }
  }

  private void compound(JsonNode f, String path, int depth) {
    String op = f.has("and") ? "and" : "or";
    onlyKeys(f, path, Set.of(op));
    JsonNode items = f.get(op);
    if (!items.isArray()) {
      throw NotionError.bodyValidation(path + "." + op, "an array", PropertyCodec.describe(items));
    }
    if (depth >= MAX_COMPOUND_DEPTH) {
      throw NotionError.validation(
          "body failed validation: "
              + path
              + " is nested too deeply. Compound filters support at most two levels of"
              + " nesting.");
    }
    if (items.size() > MAX_COMPOUND_ITEMS) {
      throw NotionError.tooLong(path + "." + op, MAX_COMPOUND_ITEMS, items.size());
    }
    for (int i = 0; i < items.size(); i++) {
      validate(items.get(i), path + "." + op + "[" + i + "]", depth + 1);
    }
  }

  private void timestamp(JsonNode f, String path) {
    JsonNode ts = f.get("timestamp");
    if (!ts.isTextual() || !TIMESTAMPS.contains(ts.asText())) {
      throw NotionError.bodyValidation(
          path + ".timestamp", "`created_time` or `last_edited_time`", PropertyCodec.describe(ts));
    }
    String key = ts.asText();
    onlyKeys(f, path, Set.of("timestamp", "type", key));
    sameType(f, path, key);
    if (!f.has(key)) {
      throw NotionError.bodyValidation(path + "." + key, "defined", "`undefined`");
    }
    DateCondition.validate(f.get(key), path + "." + key, clock);
  }

  private void property(JsonNode f, String path) {
    JsonNode nameNode = f.get("property");
    if (!nameNode.isTextual()) {
      throw NotionError.bodyValidation(
          path + ".property", "a string", PropertyCodec.describe(nameNode));
    }
    String name = nameNode.asText();
    ObjectNode config = ds.property(name);
    if (config == null) {
      throw NotionError.validation("Could not find property with name or id: " + name);
    }
    String type = config.get("type").asText();
    List<String> keys = new ArrayList<>();
    f.fieldNames().forEachRemaining(k -> keys.add(k));
    keys.remove("property");
    keys.remove("type");
    if (keys.isEmpty()) {
      throw NotionError.bodyValidation(path + "." + type, "defined", "`undefined`");
    }
    if (keys.size() > 1) {
      String extra = keys.get(1);
      throw NotionError.bodyValidation(
          path + "." + extra, "not present", PropertyCodec.describe(f.get(extra)));
    }
    String key = keys.get(0);
    Set<String> accepted = FILTER_KEYS.getOrDefault(type, Set.of());
    if (!accepted.contains(key) || (key.equals("text") && !textKeyAllowed)) {
      throw NotionError.validation(
          "body failed validation: "
              + path
              + " does not match the type of property \""
              + name
              + "\" ("
              + type
              + ").");
    }
    sameType(f, path, key);
    condition(f.get(key), key, path + "." + key);
  }

  /** The optional {@code type} member must name the condition key it sits beside. */
  private static void sameType(JsonNode f, String path, String key) {
    JsonNode type = f.get("type");
    if (type != null && !(type.isTextual() && type.asText().equals(key))) {
      throw NotionError.bodyValidation(
          path + ".type", "`" + key + "`", PropertyCodec.describe(type));
    }
  }

  private void condition(JsonNode cond, String key, String path) {
    if (DATE_KEYS.contains(key)) {
      DateCondition.validate(cond, path, clock);
    } else if (key.equals("formula")) {
      String result = singleKey(cond, path, FORMULA_RESULTS.keySet());
      condition(cond.get(result), FORMULA_RESULTS.get(result), path + "." + result);
    } else if (key.equals("rollup")) {
      String op = singleKey(cond, path, Set.of("any", "none", "every", "date", "number"));
      if (op.equals("date") || op.equals("number")) {
        condition(cond.get(op), op, path + "." + op);
      } else {
        String sub = singleKey(cond.get(op), path + "." + op, ROLLUP_SUBFILTER_KEYS);
        condition(cond.get(op).get(sub), sub, path + "." + op + "." + sub);
      }
    } else {
      Map<String, Arg> ops = CONDITIONS.get(key);
      String op = singleKey(cond, path, ops.keySet());
      argument(cond.get(op), ops.get(op), path + "." + op);
    }
  }

  /** The one member of {@code cond}, which must be one of {@code allowed}. */
  private static String singleKey(JsonNode cond, String path, Set<String> allowed) {
    if (!cond.isObject() || cond.isEmpty()) {
      throw NotionError.bodyValidation(
          path, "an object with exactly one operator", "`" + cond + "`");
    }
    String op = cond.fieldNames().next();
    if (!allowed.contains(op)) {
      throw NotionError.bodyValidation(
          path + "." + op, "not present", PropertyCodec.describe(cond.get(op)));
    }
    onlyKeys(cond, path, Set.of(op));
    return op;
  }

  private static void onlyKeys(JsonNode f, String path, Set<String> allowed) {
    for (var it = f.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw NotionError.bodyValidation(
            path + "." + k, "not present", PropertyCodec.describe(f.get(k)));
      }
    }
  }

  private static void argument(JsonNode v, Arg arg, String path) {
    boolean ok =
        switch (arg) {
          case STRING -> v.isTextual();
          case NUMBER -> v.isNumber();
          case BOOLEAN -> v.isBoolean();
          case TRUE -> v.isBoolean() && v.asBoolean();
          case STRING_OR_STRINGS -> v.isTextual() || allStrings(v);
          case UUID -> v.isTextual() && Ids.normalize(v.asText()) != null;
          case UUID_OR_ME ->
              v.isTextual() && (v.asText().equals("me") || Ids.normalize(v.asText()) != null);
        };
    if (!ok) {
      throw NotionError.bodyValidation(path, arg.expectation, PropertyCodec.describe(v));
    }
  }

  private static boolean allStrings(JsonNode v) {
    if (!v.isArray()) {
      return false;
    }
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Arg> with(Map<String, Arg> a, Map<String, Arg> b) {
    Map<String, Arg> out = new HashMap<>(a);
    out.putAll(b);
    return Map.copyOf(out);
  }
}
