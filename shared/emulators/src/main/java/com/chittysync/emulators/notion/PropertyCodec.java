package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decodes and validates one property value given in Notion's WRITE shape (or, for helpers and
 * seeds, the READ shape) into the stored inner value. Enforces Notion's request limits with
 * messages in Notion's validator style.
 *
 * <p>Schema changes a write implies (new select options) are not applied here but queued in {@code
 * commits}, so that a request failing validation on a later property changes nothing.
 */
final class PropertyCodec {
  static final int MAX_TEXT = 2000;
  static final int MAX_ARRAY = 100;
  static final int MAX_URL = 2000;
  static final int MAX_EMAIL = 200;
  static final int MAX_PHONE = 200;
  static final int MAX_EQUATION = 1000;

  /** Colors an option may be given (the SDK's {@code SelectColor}). */
  static final Set<String> OPTION_COLORS =
      Set.of(
          "default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red");

  /**
   * Colors of rich text annotations (the SDK's {@code ApiColor}): option colors and backgrounds.
   */
  static final Set<String> TEXT_COLORS = textColors();

  private static final String[] ANNOTATION_FLAGS = {
    "bold", "italic", "strikethrough", "underline", "code"
  };

  private final boolean lenient;
  private final List<Runnable> commits;
  private final Consumer<JsonNode> userSink;

  /**
   * @param lenient helper/seed mode: read-only types and read shapes are accepted, unknown status
   *     options are added
   * @param commits receives schema changes to apply once the whole request is valid
   * @param userSink receives full user objects seen in people values (so they render fully later)
   */
  PropertyCodec(boolean lenient, List<Runnable> commits, Consumer<JsonNode> userSink) {
    this.lenient = lenient;
    this.commits = commits;
    this.userSink = userSink;
  }

  /**
   * The stored value for {@code input}, written under {@code key} to the property {@code config}.
   */
  JsonNode decode(String key, ObjectNode config, JsonNode input) {
    String type = config.get("type").asText();
    String path = "body.properties." + key;
    if (input == null || !input.isObject()) {
      throw NotionError.bodyValidation(path, "an object", describe(input));
    }
    String given = Schema.typeOf(input);
    if (given == null || !given.equals(type) || !input.has(type)) {
      throw NotionError.validation(key + " is expected to be " + type + ".");
    }
    if (!lenient) {
      // A write value is {"<type>": value} with an optional "type"; the SDK types no other member.
      for (Iterator<String> it = input.fieldNames(); it.hasNext(); ) {
        String member = it.next();
        if (!member.equals(type) && !member.equals("type")) {
          throw NotionError.bodyValidation(
              path + "." + member, "not present", describe(input.get(member)));
        }
      }
    }
    if (Schema.READ_ONLY.contains(type) && !lenient) {
      throw NotionError.validation(
          "body failed validation: "
              + path
              + "."
              + type
              + " should be not present, instead was "
              + describe(input.get(type))
              + ". Property type `"
              + type
              + "` is read-only.");
    }
    JsonNode v = input.get(type);
    String vpath = path + "." + type;
    return switch (type) {
      case "title", "rich_text" -> richText(v, vpath);
      case "number" -> number(v, vpath);
      case "checkbox" -> {
        if (!v.isBoolean()) {
          throw NotionError.bodyValidation(vpath, "a boolean", describe(v));
        }
        yield v;
      }
      case "url" -> string(v, vpath, MAX_URL);
      case "email" -> string(v, vpath, MAX_EMAIL);
      case "phone_number" -> string(v, vpath, MAX_PHONE);
      case "select" -> v.isNull() ? NullNode.instance : option(config, v, vpath, true);
      case "status" -> v.isNull() ? NullNode.instance : option(config, v, vpath, lenient);
      case "multi_select" -> multiSelect(config, v, vpath);
      case "date" -> date(v, vpath);
      case "relation" -> relation(v, vpath);
      case "people" -> people(v, vpath);
      case "files" -> files(v, vpath);
      default -> v.deepCopy(); // read-only types, stored as given (lenient mode only)
    };
  }

  static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "`undefined`";
    }
    // Notion prints strings as JSON, quotes included, so that `"5"` is told apart from `5`.
    if (v.isTextual()) {
      return "`" + v + "`";
    }
    if (v.isNumber() || v.isBoolean() || v.isNull()) {
      return "`" + v.asText() + "`";
    }
    return v.isArray() ? "an array" : "an object";
  }

  private static JsonNode number(JsonNode v, String path) {
    if (!v.isNull() && !v.isNumber()) {
      throw NotionError.bodyValidation(path, "a number or `null`", describe(v));
    }
    return v;
  }

  private static JsonNode string(JsonNode v, String path, int max) {
    if (v.isNull()) {
      return v;
    }
    if (!v.isTextual()) {
      throw NotionError.bodyValidation(path, "a string or `null`", describe(v));
    }
    if (v.asText().length() > max) {
      throw NotionError.tooLong(path, max, v.asText().length());
    }
    return v;
  }

  private static void checkArray(JsonNode v, String path) {
    if (!v.isArray()) {
      throw NotionError.bodyValidation(path, "an array", describe(v));
    }
    if (v.size() > MAX_ARRAY) {
      throw NotionError.tooLong(path, MAX_ARRAY, v.size());
    }
  }

  /** Normalizes a rich text array into full read-shape items. */
  static ArrayNode richText(JsonNode v, String path) {
    checkArray(v, path);
    ArrayNode out = Json.array();
    for (int i = 0; i < v.size(); i++) {
      out.add(richTextItem(v.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  private static ObjectNode richTextItem(JsonNode item, String path) {
    if (!item.isObject()) {
      throw NotionError.bodyValidation(path, "an object", describe(item));
    }
    String type =
        item.hasNonNull("type")
            ? item.get("type").asText()
            : item.has("mention") ? "mention" : item.has("equation") ? "equation" : "text";
    ObjectNode out = Json.object();
    out.put("type", type);
    String plain;
    String href = null;
    switch (type) {
      case "text" -> {
        JsonNode content = item.path("text").path("content");
        if (!content.isTextual()) {
          throw NotionError.bodyValidation(path + ".text.content", "a string", describe(content));
        }
        if (content.asText().length() > MAX_TEXT) {
          throw NotionError.tooLong(path + ".text.content", MAX_TEXT, content.asText().length());
        }
        ObjectNode text = out.putObject("text");
        text.put("content", content.asText());
        JsonNode link = item.path("text").path("link");
        if (!link.isObject() && !link.isNull() && !link.isMissingNode()) {
          throw NotionError.bodyValidation(
              path + ".text.link", "an object or `null`", describe(link));
        }
        if (link.isObject()) {
          JsonNode url = link.path("url");
          if (!url.isTextual()) {
            throw NotionError.bodyValidation(path + ".text.link.url", "a string", describe(url));
          }
          if (url.asText().length() > MAX_URL) {
            throw NotionError.tooLong(path + ".text.link.url", MAX_URL, url.asText().length());
          }
          text.putObject("link").put("url", url.asText());
          href = url.asText();
        } else {
          text.putNull("link");
        }
        plain = content.asText();
      }
      case "equation" -> {
        JsonNode expr = item.path("equation").path("expression");
        if (!expr.isTextual()) {
          throw NotionError.bodyValidation(
              path + ".equation.expression", "a string", describe(expr));
        }
        if (expr.asText().length() > MAX_EQUATION) {
          throw NotionError.tooLong(
              path + ".equation.expression", MAX_EQUATION, expr.asText().length());
        }
        out.putObject("equation").put("expression", expr.asText());
        plain = expr.asText();
      }
      case "mention" -> {
        if (!item.path("mention").isObject()) {
          throw NotionError.bodyValidation(
              path + ".mention", "an object", describe(item.get("mention")));
        }
        out.set("mention", item.get("mention").deepCopy());
        plain = item.path("plain_text").asText("");
      }
      default ->
          throw NotionError.bodyValidation(
              path + ".type", "`text`, `mention`, or `equation`", "`" + type + "`");
    }
    ObjectNode annotations = out.putObject("annotations");
    JsonNode given = item.path("annotations");
    if (item.has("annotations") && !given.isObject()) {
      throw NotionError.bodyValidation(path + ".annotations", "an object", describe(given));
    }
    for (String flag : ANNOTATION_FLAGS) {
      JsonNode f = given.path(flag);
      if (!f.isMissingNode() && !f.isBoolean()) {
        throw NotionError.bodyValidation(path + ".annotations." + flag, "a boolean", describe(f));
      }
      annotations.put(flag, f.asBoolean(false));
    }
    JsonNode color = given.path("color");
    if (!color.isMissingNode() && !(color.isTextual() && TEXT_COLORS.contains(color.asText()))) {
      throw NotionError.bodyValidation(
          path + ".annotations.color", "a valid color", describe(color));
    }
    annotations.put("color", color.asText("default"));
    // A read-shape item (from a seed) keeps its own plain_text/href, even when they differ.
    out.put("plain_text", item.hasNonNull("plain_text") ? item.get("plain_text").asText() : plain);
    if (item.has("href")) {
      out.set("href", item.get("href"));
    } else if (href == null) {
      out.putNull("href");
    } else {
      out.put("href", href);
    }
    return out;
  }

  private JsonNode option(ObjectNode config, JsonNode v, String path, boolean createMissing) {
    String type = config.get("type").asText();
    ArrayNode options = (ArrayNode) config.get(type).get("options");
    if (!v.isObject()) {
      throw NotionError.bodyValidation(path, "an object or `null`", describe(v));
    }
    if (v.hasNonNull("id")) {
      String id = v.get("id").asText();
      for (JsonNode o : options) {
        if (o.path("id").asText().equals(id)) {
          return Schema.optionRef(o);
        }
      }
      if (!lenient || !v.hasNonNull("name")) {
        throw NotionError.validation(
            "Invalid " + type + " option id: \"" + id + "\" does not exist for this property.");
      }
    }
    JsonNode nameNode = v.path("name");
    if (!nameNode.isTextual()) {
      throw NotionError.bodyValidation(path + ".name", "a string", describe(nameNode));
    }
    String name = nameNode.asText();
    if (name.contains(",")) {
      throw NotionError.validation(
          "Invalid " + type + " option name: \"" + name + "\". Commas are not allowed.");
    }
    if (name.length() > 100) {
      throw NotionError.tooLong(path + ".name", 100, name.length());
    }
    for (JsonNode o : options) {
      if (o.path("name").asText().equals(name)) {
        return Schema.optionRef(o);
      }
    }
    // Pending options created earlier in this same request.
    for (JsonNode o : pending(config)) {
      if (o.path("name").asText().equals(name)) {
        return Schema.optionRef(o);
      }
    }
    if (!createMissing) {
      throw NotionError.validation(
          "Invalid status option. Status option \"" + name + "\" does not exist.");
    }
    JsonNode color = v.path("color");
    if (!color.isMissingNode() && !(color.isTextual() && OPTION_COLORS.contains(color.asText()))) {
      throw NotionError.bodyValidation(path + ".color", "a valid color", describe(color));
    }
    ObjectNode created = Schema.option(name, color.asText("default"));
    if (v.hasNonNull("id")) {
      created.put("id", v.get("id").asText());
    }
    pending(config).add(created);
    commits.add(
        () -> {
          options.add(created);
          pending(config).removeAll();
        });
    return Schema.optionRef(created);
  }

  /** Options created by the current request but not yet committed; kept off the config. */
  private final IdentityHashMap<ObjectNode, ArrayNode> pendingOptions = new IdentityHashMap<>();

  private ArrayNode pending(ObjectNode config) {
    return pendingOptions.computeIfAbsent(config, c -> Json.array());
  }

  private JsonNode multiSelect(ObjectNode config, JsonNode v, String path) {
    checkArray(v, path);
    ArrayNode out = Json.array();
    for (int i = 0; i < v.size(); i++) {
      out.add(option(config, v.get(i), path + "[" + i + "]", true));
    }
    return out;
  }

  private static JsonNode date(JsonNode v, String path) {
    if (v.isNull()) {
      return v;
    }
    if (!v.isObject()) {
      throw NotionError.bodyValidation(path, "an object or `null`", describe(v));
    }
    ObjectNode out = Json.object();
    JsonNode start = v.path("start");
    if (!start.isTextual() || !isDate(start.asText())) {
      throw NotionError.bodyValidation(
          path + ".start", "a valid ISO 8601 date string", describe(start));
    }
    out.put("start", start.asText());
    JsonNode end = v.path("end");
    if (end.isTextual()) {
      if (!isDate(end.asText())) {
        throw NotionError.bodyValidation(
            path + ".end", "a valid ISO 8601 date string", describe(end));
      }
      out.put("end", end.asText());
    } else if (end.isNull() || end.isMissingNode()) {
      out.putNull("end");
    } else {
      throw NotionError.bodyValidation(
          path + ".end", "a valid ISO 8601 date string or `null`", describe(end));
    }
    JsonNode zone = v.path("time_zone");
    if (zone.isTextual() && ZoneId.getAvailableZoneIds().contains(zone.asText())) {
      out.put("time_zone", zone.asText());
    } else if (zone.isNull() || zone.isMissingNode()) {
      out.putNull("time_zone");
    } else {
      throw NotionError.bodyValidation(
          path + ".time_zone", "an IANA time zone name or `null`", describe(zone));
    }
    return out;
  }

  static boolean isDate(String s) {
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      try {
        OffsetDateTime.parse(s);
        return true;
      } catch (DateTimeParseException e2) {
        try {
          LocalDateTime.parse(s);
          return true;
        } catch (DateTimeParseException e3) {
          return false;
        }
      }
    }
  }

  private static Set<String> textColors() {
    Set<String> out = new HashSet<>(OPTION_COLORS);
    OPTION_COLORS.forEach(c -> out.add(c + "_background"));
    return Set.copyOf(out);
  }

  private static JsonNode relation(JsonNode v, String path) {
    checkArray(v, path);
    ArrayNode out = Json.array();
    for (int i = 0; i < v.size(); i++) {
      String id = Ids.normalize(v.get(i).path("id").asText(null));
      if (id == null) {
        throw NotionError.bodyValidation(
            path + "[" + i + "].id", "a valid uuid", describe(v.get(i).path("id")));
      }
      out.addObject().put("id", id);
    }
    return out;
  }

  private JsonNode people(JsonNode v, String path) {
    checkArray(v, path);
    ArrayNode out = Json.array();
    for (int i = 0; i < v.size(); i++) {
      JsonNode user = v.get(i);
      String id = Ids.normalize(user.path("id").asText(null));
      if (id == null) {
        throw NotionError.bodyValidation(
            path + "[" + i + "].id", "a valid uuid", describe(user.path("id")));
      }
      if (user.has("name") || user.has("type")) {
        ObjectNode full = ((ObjectNode) user).deepCopy();
        full.put("id", id);
        userSink.accept(full);
      }
      ObjectNode ref = out.addObject();
      ref.put("object", "user");
      ref.put("id", id);
    }
    return out;
  }

  private static JsonNode files(JsonNode v, String path) {
    checkArray(v, path);
    ArrayNode out = Json.array();
    for (int i = 0; i < v.size(); i++) {
      JsonNode f = v.get(i);
      String fpath = path + "[" + i + "]";
      if (f.has("file_upload")) {
        throw NotionError.validation(
            "The emulator does not support file uploads (" + fpath + ".file_upload).");
      }
      String type = f.path("type").asText(f.has("file") ? "file" : "external");
      JsonNode url = f.path(type).path("url");
      if (!url.isTextual()) {
        throw NotionError.bodyValidation(fpath + "." + type + ".url", "a string", describe(url));
      }
      if (url.asText().length() > MAX_URL) {
        throw NotionError.tooLong(fpath + "." + type + ".url", MAX_URL, url.asText().length());
      }
      if (!f.path("name").isTextual()) {
        throw NotionError.bodyValidation(fpath + ".name", "a string", describe(f.path("name")));
      }
      ObjectNode file = out.addObject();
      file.put("name", f.get("name").asText());
      file.put("type", type);
      file.set(type, f.get(type).deepCopy());
    }
    return out;
  }
}
