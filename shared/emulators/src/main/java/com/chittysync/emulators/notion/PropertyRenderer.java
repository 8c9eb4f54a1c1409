package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders stored page values in Notion's READ shape ({@code {id,type,<type>:value}}), computing the
 * derived types (timestamps, authors, formula, rollup) and applying the 25-reference truncation of
 * GET page and query responses.
 */
final class PropertyRenderer {
  /** GET page and query return at most this many references per title/rich_text/people/relation. */
  static final int REFERENCE_LIMIT = 25;

  private static final Pattern PROP = Pattern.compile("^\\s*prop\\(\"([^\"]+)\"\\)\\s*$");

  private final Store store;

  PropertyRenderer(Store store) {
    this.store = store;
  }

  /** The value of one property as a page object shows it. Caller holds the store lock. */
  ObjectNode render(PageRecord page, DataSourceRecord ds, ObjectNode config, boolean truncate) {
    String id = config.get("id").asText();
    String type = config.get("type").asText();
    ObjectNode out = Json.object();
    out.put("id", id);
    out.put("type", type);
    JsonNode stored = page.values.get(id);
    switch (type) {
      case "title", "rich_text" -> out.set(type, limit(arrayOrEmpty(stored), truncate));
      case "people" -> {
        ArrayNode users = Json.array();
        for (JsonNode ref : arrayOrEmpty(stored)) {
          users.add(store.user(ref.get("id").asText()));
        }
        out.set(type, limit(users, truncate));
      }
      case "relation" -> {
        ArrayNode all = arrayOrEmpty(stored);
        out.set(type, limit(all, truncate));
        out.put("has_more", truncate && all.size() > REFERENCE_LIMIT);
      }
      case "multi_select", "files" -> out.set(type, arrayOrEmpty(stored));
      case "checkbox" -> out.put(type, stored != null && stored.asBoolean());
      case "created_time" -> out.put(type, Json.minuteTimestamp(page.createdTime));
      case "last_edited_time" -> out.put(type, Json.minuteTimestamp(page.lastEditedTime));
      case "created_by" -> out.set(type, store.user(page.createdBy));
      case "last_edited_by" -> out.set(type, store.user(page.lastEditedBy));
      case "formula" ->
          out.set(type, stored != null ? stored.deepCopy() : formula(page, ds, config));
      case "rollup" -> out.set(type, stored != null ? stored.deepCopy() : rollup(page, ds, config));
      case "button" -> out.set(type, Json.object());
      default -> out.set(type, stored == null ? Json.object().nullNode() : stored.deepCopy());
    }
    return out;
  }

  private static ArrayNode arrayOrEmpty(JsonNode stored) {
    return stored != null && stored.isArray() ? ((ArrayNode) stored).deepCopy() : Json.array();
  }

  private static ArrayNode limit(ArrayNode all, boolean truncate) {
    if (!truncate || all.size() <= REFERENCE_LIMIT) {
      return all;
    }
    ArrayNode cut = Json.array();
    for (int i = 0; i < REFERENCE_LIMIT; i++) {
      cut.add(all.get(i));
    }
    return cut;
  }

  /** Plain text of a title/rich_text value. */
  static String plainText(JsonNode richText) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode item : richText) {
      sb.append(item.path("plain_text").asText());
    }
    return sb.toString();
  }

  /**
   * Evaluates the simplest formulas, {@code prop("Name")}; anything else yields an empty string
   * result (set a value through a helper or seed to control it).
   */
  private ObjectNode formula(PageRecord page, DataSourceRecord ds, ObjectNode config) {
    ObjectNode out = Json.object();
    Matcher m = PROP.matcher(config.path("formula").path("expression").asText());
    ObjectNode ref = m.matches() ? ds.property(m.group(1)) : null;
    if (ref == null || "formula".equals(ref.path("type").asText())) {
      out.put("type", "string");
      out.putNull("string");
      return out;
    }
    String refType = ref.get("type").asText();
    JsonNode v = render(page, ds, ref, false).get(refType);
    switch (refType) {
      case "number" -> {
        out.put("type", "number");
        out.set("number", v);
      }
      case "checkbox" -> {
        out.put("type", "boolean");
        out.set("boolean", v);
      }
      case "date", "created_time", "last_edited_time" -> {
        out.put("type", "date");
        if (v.isTextual()) {
          ObjectNode d = out.putObject("date");
          d.put("start", v.asText());
          d.putNull("end");
          d.putNull("time_zone");
        } else {
          out.set("date", v);
        }
      }
      case "title", "rich_text" -> {
        out.put("type", "string");
        out.put("string", plainText(v));
      }
      case "select", "status" -> {
        out.put("type", "string");
        out.set("string", v.isNull() ? v : v.get("name"));
      }
      default -> {
        out.put("type", "string");
        out.put("string", v.isValueNode() ? v.asText() : v.toString());
      }
    }
    return out;
  }

  /** Computes count/sum/average/min/max rollups over the related pages' number values. */
  private ObjectNode rollup(PageRecord page, DataSourceRecord ds, ObjectNode config) {
    JsonNode r = config.get("rollup");
    String function = r.path("function").asText("count");
    ObjectNode out = Json.object();
    ObjectNode relation = ds.property(r.path("relation_property_id").asText(""));
    if (relation == null) {
      relation = ds.property(r.path("relation_property_name").asText(""));
    }
    List<PageRecord> related = new ArrayList<>();
    if (relation != null) {
      for (JsonNode ref : arrayOrEmpty(page.values.get(relation.get("id").asText()))) {
        PageRecord p = store.page(ref.get("id").asText());
        if (p != null && !p.inTrash) {
          related.add(p);
        }
      }
    }
    List<Double> numbers = new ArrayList<>();
    for (PageRecord p : related) {
      DataSourceRecord pds = store.dataSource(p.dataSourceId);
      ObjectNode target = pds.property(r.path("rollup_property_id").asText(""));
      if (target == null) {
        target = pds.property(r.path("rollup_property_name").asText(""));
      }
      if (target != null && "number".equals(target.path("type").asText())) {
        JsonNode n = p.values.get(target.get("id").asText());
        if (n != null && n.isNumber()) {
          numbers.add(n.asDouble());
        }
      }
    }
    out.put("type", "number");
    switch (function) {
      case "count", "count_all" -> out.put("number", related.size());
      case "sum" -> putNumber(out, numbers.stream().mapToDouble(d -> d).sum());
      case "average" -> {
        if (numbers.isEmpty()) {
          out.putNull("number");
        } else {
          putNumber(out, numbers.stream().mapToDouble(d -> d).average().orElse(0));
        }
      }
      case "min", "max" -> {
        if (numbers.isEmpty()) {
          out.putNull("number");
        } else {
          putNumber(
              out,
              "min".equals(function)
                  ? numbers.stream().mapToDouble(d -> d).min().orElse(0)
                  : numbers.stream().mapToDouble(d -> d).max().orElse(0));
        }
      }
      default -> {
        out.removeAll();
        out.put("type", "unsupported");
        out.putObject("unsupported");
      }
    }
    out.put("function", function);
    return out;
  }

  /** Whole numbers render as integers, as Notion's JSON does. */
  private static void putNumber(ObjectNode out, double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.put("number", (long) d);
    } else {
      out.put("number", d);
    }
  }
}
