package com.chittysync.notion;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Converts Notion property values to canonical JSON values and back.
 *
 * <p>Canonical forms: text types are strings (rich text joined); {@code select} and {@code status}
 * are the option name; {@code multi_select} an array of names; {@code date} the start string, or
 * {@code {start, end, time_zone}} when it has an end or a time zone; {@code relation} an array of
 * page ids; {@code people} an array of user ids; {@code unique_id} {@code PREFIX-N} (or N). Empty
 * values are absent, except a checkbox, which is always true or false.
 */
public final class PropertyCodec {
  /** Notion's limit on one rich-text object's content. */
  public static final int TEXT_CHUNK = 2000;

  /** Notion's limit on rich-text objects in one value. */
  public static final int MAX_TEXT_OBJECTS = 100;

  /** Notion's limit on items of a multi-select, relation or people value. */
  public static final int MAX_ITEMS = 100;

  /** Types the API computes or refuses to write: synced out of Notion only. */
  public static final Set<String> READ_ONLY =
      Set.of(
          "formula",
          "rollup",
          "created_time",
          "last_edited_time",
          "created_by",
          "last_edited_by",
          "unique_id",
          "files");

  /** Types written back to Notion. */
  public static final Set<String> WRITABLE =
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
          "people");

  /** Types whose values come truncated to 25 references in page objects. */
  public static final Set<String> PAGINATED = Set.of("title", "rich_text", "relation", "people");

  private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

  private PropertyCodec() {}

  /** Whether {@code type} can be synced at all (read-only or writable). */
  public static boolean supported(String type) {
    return READ_ONLY.contains(type) || WRITABLE.contains(type);
  }

  /**
   * The canonical value of a property value object ({@code {"id", "type", "<type>": ...}}), or
   * {@code null} when it is empty.
   */
  public static JsonNode read(JsonNode property) {
    String type = property.path("type").asText();
    return readValue(type, property.get(type));
  }

  /** The canonical value of a value of {@code type} (the member named after the type). */
  public static JsonNode readValue(String type, JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return type.equals("checkbox") ? NODES.booleanNode(false) : null;
    }
    return switch (type) {
      case "title", "rich_text" -> text(v);
      case "number" -> v.isNumber() ? v : null;
      case "select", "status" ->
          v.hasNonNull("name") ? NODES.textNode(v.get("name").asText()) : null;
      case "multi_select" -> names(v);
      case "date" -> date(v);
      case "checkbox" -> NODES.booleanNode(v.asBoolean());
      case "url", "email", "phone_number", "created_time", "last_edited_time" ->
          v.isTextual() && !v.asText().isEmpty() ? v : null;
      case "relation", "people" -> ids(v);
      case "created_by", "last_edited_by" -> v.hasNonNull("id") ? v.get("id") : null;
      case "unique_id" -> uniqueId(v);
      case "formula" -> {
        String t = v.path("type").asText();
        yield t.equals("date") ? date(v.get("date")) : nullToAbsent(v.get(t));
      }
      case "rollup" -> rollup(v);
      case "files" -> files(v);
      default -> null;
    };
  }

  private static JsonNode text(JsonNode items) {
    if (!items.isArray() || items.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode item : items) {
      out.append(plainText(item));
    }
    return out.length() == 0 ? null : NODES.textNode(out.toString());
  }

  /** The plain text of one rich-text item (or of a property item holding one). */
  static String plainText(JsonNode item) {
    if (item.hasNonNull("plain_text")) {
      return item.get("plain_text").asText();
    }
    JsonNode text = item.path("text").path("content");
    return text.isTextual() ? text.asText() : "";
  }

  private static JsonNode names(JsonNode options) {
    if (!options.isArray() || options.isEmpty()) {
      return null;
    }
    ArrayNode out = NODES.arrayNode();
    options.forEach(o -> out.add(o.path("name").asText()));
    return out;
  }

  private static JsonNode ids(JsonNode refs) {
    if (!refs.isArray() || refs.isEmpty()) {
      return null;
    }
    ArrayNode out = NODES.arrayNode();
    refs.forEach(r -> out.add(r.path("id").asText()));
    return out;
  }

  private static JsonNode date(JsonNode d) {
    if (d == null || d.isNull() || !d.hasNonNull("start")) {
      return null;
    }
    boolean plain = (!d.hasNonNull("end")) && (!d.hasNonNull("time_zone"));
    if (plain) {
      return d.get("start");
    }
    ObjectNode out = NODES.objectNode();
    out.set("start", d.get("start"));
    if (d.hasNonNull("end")) {
      out.set("end", d.get("end"));
    }
    if (d.hasNonNull("time_zone")) {
      out.set("time_zone", d.get("time_zone"));
    }
    return out;
  }

  private static JsonNode uniqueId(JsonNode v) {
    if (!v.hasNonNull("number")) {
      return null;
    }
    return v.hasNonNull("prefix")
        ? NODES.textNode(v.get("prefix").asText() + "-" + v.get("number").asText())
        : v.get("number");
  }

  private static JsonNode rollup(JsonNode v) {
    String t = v.path("type").asText();
    return switch (t) {
      case "number" -> nullToAbsent(v.get("number"));
      case "date" -> date(v.get("date"));
      case "array" -> {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode item : v.path("array")) {
          JsonNode value =
              readValue(item.path("type").asText(), item.get(item.path("type").asText()));
          if (value != null) {
            out.add(value);
          }
        }
        yield out.isEmpty() ? null : out;
      }
      default -> null;
    };
  }

  private static JsonNode files(JsonNode v) {
    if (!v.isArray() || v.isEmpty()) {
      return null;
    }
    ArrayNode out = NODES.arrayNode();
    for (JsonNode f : v) {
      String t = f.path("type").asText();
      out.add(f.path(t).path("url").asText(f.path("name").asText()));
    }
    return out;
  }

  private static JsonNode nullToAbsent(JsonNode v) {
    return v == null || v.isNull() ? null : v;
  }

  /** A value Notion cannot hold: the record is quarantined with this message. */
  public static final class Unwritable extends Exception {
    private static final long serialVersionUID = 1L;

    Unwritable(String message) {
      super(message);
    }
  }

  /**
   * The request value ({@code {"<type>": ...}}) that sets a property of {@code type} to {@code
   * value} (null or JSON null clears it).
   *
   * @throws Unwritable when the value does not fit the type or Notion's limits
   */
  public static ObjectNode write(String type, JsonNode value) throws Unwritable {
    ObjectNode out = NODES.objectNode();
    boolean empty = value == null || value.isNull() || value.isMissingNode();
    switch (type) {
      case "title", "rich_text" -> out.set(type, empty ? NODES.arrayNode() : richText(value));
      case "number" -> {
        if (!empty && !value.isNumber()) {
          throw new Unwritable("a number property needs a number, not " + value);
        }
        out.set(type, empty ? NullNode.getInstance() : value);
      }
      case "select", "status" -> {
        if (empty) {
          out.set(type, NullNode.getInstance());
        } else {
          String name = string(value, type);
          if (type.equals("select") && name.contains(",")) {
            throw new Unwritable("select option names cannot contain commas: '" + name + "'");
          }
          out.putObject(type).put("name", name);
        }
      }
      case "multi_select" -> {
        ArrayNode options = out.putArray(type);
        if (!empty) {
          for (JsonNode item : list(value, type)) {
            String name = string(item, type);
            if (name.contains(",")) {
              throw new Unwritable(
                  "multi-select option names cannot contain commas: '" + name + "'");
            }
            options.addObject().put("name", name);
          }
        }
      }
      case "date" -> {
        if (empty) {
          out.set(type, NullNode.getInstance());
        } else if (value.isTextual()) {
          out.putObject(type).put("start", value.asText());
        } else if (value.isObject() && value.hasNonNull("start")) {
          ObjectNode d = out.putObject(type);
          d.set("start", value.get("start"));
          d.set("end", value.hasNonNull("end") ? value.get("end") : NullNode.getInstance());
          if (value.hasNonNull("time_zone")) {
            d.set("time_zone", value.get("time_zone"));
          }
        } else {
          throw new Unwritable("a date needs an ISO date string or {start, end, time_zone}");
        }
      }
      case "checkbox" -> {
        if (!empty && !value.isBoolean()) {
          throw new Unwritable("a checkbox needs true or false, not " + value);
        }
        out.put(type, !empty && value.asBoolean());
      }
      case "url", "email", "phone_number" -> {
        int limit = type.equals("url") ? 2000 : 200;
        if (empty) {
          out.set(type, NullNode.getInstance());
        } else {
          String s = string(value, type);
          if (s.length() > limit) {
            throw new Unwritable(
                type + " of " + s.length() + " characters is over Notion's limit of " + limit);
          }
          out.put(type, s);
        }
      }
      case "relation" -> {
        ArrayNode refs = out.putArray(type);
        if (!empty) {
          for (JsonNode id : list(value, type)) {
            refs.addObject().put("id", string(id, type));
          }
        }
      }
      case "people" -> {
        ArrayNode refs = out.putArray(type);
        if (!empty) {
          for (JsonNode id : list(value, type)) {
            refs.addObject().put("object", "user").put("id", string(id, type));
          }
        }
      }
      default -> throw new Unwritable("properties of type " + type + " cannot be written");
    }
    return out;
  }

  /**
   * The canonical value a property of {@code type} reads back as once set to {@code value}: the
   * value written, then read, as Notion returns it (null when Notion holds it as empty).
   *
   * @throws Unwritable when Notion cannot hold the value
   */
  public static JsonNode represent(String type, JsonNode value) throws Unwritable {
    return readValue(type, write(type, value).get(type));
  }

  /** Text as rich-text objects of at most 2,000 characters each, never splitting a character. */
  static ArrayNode richText(JsonNode value) throws Unwritable {
    String s = value.isTextual() ? value.asText() : value.toString();
    ArrayNode items = NODES.arrayNode();
    int from = 0;
    while (from < s.length()) {
      int to = Math.min(s.length(), from + TEXT_CHUNK);
      if (to < s.length() && Character.isHighSurrogate(s.charAt(to - 1))) {
        to--;
      }
      items.addObject().put("type", "text").putObject("text").put("content", s.substring(from, to));
      from = to;
    }
    if (items.size() > MAX_TEXT_OBJECTS) {
      throw new Unwritable(
          "text of "
              + s.length()
              + " characters is over Notion's limit of "
              + (TEXT_CHUNK * MAX_TEXT_OBJECTS)
              + " (100 rich-text objects of 2,000); it was not truncated");
    }
    return items;
  }

  private static JsonNode list(JsonNode value, String type) throws Unwritable {
    JsonNode list = value.isArray() ? value : NODES.arrayNode().add(value);
    if (list.size() > MAX_ITEMS) {
      throw new Unwritable(
          type + " of " + list.size() + " items is over Notion's limit of " + MAX_ITEMS);
    }
    return list;
  }

  private static String string(JsonNode value, String type) throws Unwritable {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw new Unwritable("a " + type + " value must be text, not " + value);
  }
}
