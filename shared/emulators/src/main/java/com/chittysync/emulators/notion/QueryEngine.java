package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Filters and sorts the pages of a data source as {@code POST /v1/data_sources/{id}/query} does. It
 * trusts its input: {@link QueryValidator} has refused what Notion refuses before a query runs, so
 * that a bad filter or sort fails even on an empty data source.
 */
final class QueryEngine {
  private static final Set<String> TEXT_TYPES =
      Set.of("title", "rich_text", "url", "email", "phone_number");
  private static final Set<String> DATE_TYPES = Set.of("date", "created_time", "last_edited_time");
  private static final Set<String> PEOPLE_TYPES = Set.of("people", "created_by", "last_edited_by");

  private final PropertyRenderer renderer;
  private final Clock clock;

  QueryEngine(PropertyRenderer renderer, Clock clock) {
    this.renderer = renderer;
    this.clock = clock;
  }

  /** Matching pages in result order. Caller holds the store lock. */
  List<PageRecord> run(
      DataSourceRecord ds,
      List<PageRecord> pages,
      JsonNode filter,
      JsonNode sorts,
      boolean includeTrashed) {
    List<Comparator<PageRecord>> comparators = sortComparators(ds, sorts);
    List<PageRecord> out = new ArrayList<>();
    for (PageRecord p : pages) {
      if (p.inTrash && !includeTrashed) {
        continue;
      }
      if (filter == null || filter.isNull() || matches(ds, p, filter)) {
        out.add(p);
      }
    }
    Comparator<PageRecord> order = null;
    for (Comparator<PageRecord> c : comparators) {
      order = order == null ? c : order.thenComparing(c);
    }
    Comparator<PageRecord> bySequence = Comparator.comparingLong(p -> p.sequence);
    out.sort(order == null ? bySequence : order.thenComparing(bySequence));
    return out;
  }

  private static String filterKey(JsonNode f) {
    for (var it = f.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("property") && !k.equals("type")) {
        return k;
      }
    }
    return null;
  }

  // ---- evaluation ----

  private boolean matches(DataSourceRecord ds, PageRecord p, JsonNode f) {
    if (f.has("and")) {
      for (JsonNode item : f.get("and")) {
        if (!matches(ds, p, item)) {
          return false;
        }
      }
      return true;
    }
    if (f.has("or")) {
      for (JsonNode item : f.get("or")) {
        if (matches(ds, p, item)) {
          return true;
        }
      }
      return false;
    }
    if (f.has("timestamp")) {
      String ts = f.get("timestamp").asText();
      Instant t = ts.equals("created_time") ? p.createdTime : p.lastEditedTime;
      return DateCondition.matches(instantSpan(t), f.get(ts), clock);
    }
    ObjectNode config = ds.property(f.get("property").asText());
    String type = config.get("type").asText();
    JsonNode value = renderer.render(p, ds, config, false).get(type);
    return matchValue(type, value, f.get(filterKey(f)));
  }

  private static DateCondition.Span instantSpan(Instant t) {
    Instant m = t.truncatedTo(ChronoUnit.MINUTES);
    return new DateCondition.Span(m, m, false);
  }

  private boolean matchValue(String type, JsonNode value, JsonNode cond) {
    String op = cond.fieldNames().next();
    JsonNode arg = cond.get(op);
    if (TEXT_TYPES.contains(type)) {
      String s =
          value == null || value.isNull()
              ? ""
              : value.isArray() ? PropertyRenderer.plainText(value) : value.asText();
      return text(s, op, arg);
    }
    if (DATE_TYPES.contains(type)) {
      DateCondition.Span span = null;
      if (value != null && value.isTextual()) {
        span = instantSpan(Instant.parse(value.asText()));
      } else if (value != null && value.isObject() && value.hasNonNull("start")) {
        span = DateCondition.parse(value.get("start").asText(), clock);
      }
      return DateCondition.matches(span, cond, clock);
    }
    if (PEOPLE_TYPES.contains(type)) {
      List<String> ids = new ArrayList<>();
      if (value.isArray()) {
        value.forEach(u -> ids.add(u.path("id").asText()));
      } else if (value.isObject()) {
        ids.add(value.path("id").asText());
      }
      return references(ids, op, arg);
    }
    switch (type) {
      case "number", "unique_id" -> {
        JsonNode n = "unique_id".equals(type) ? value.path("number") : value;
        return number(n.isNumber() ? n.asDouble() : null, op, arg);
      }
      case "checkbox" -> {
        return op.equals("equals")
            ? value.asBoolean() == arg.asBoolean()
            : value.asBoolean() != arg.asBoolean();
      }
      case "select", "status" -> {
        String name = value == null || value.isNull() ? null : value.path("name").asText();
        return switch (op) {
          case "equals" -> name != null && anyEquals(arg, name);
          case "does_not_equal" -> name == null || !anyEquals(arg, name);
          case "is_empty" -> name == null;
          case "is_not_empty" -> name != null;
          default -> false;
        };
      }
      case "multi_select" -> {
        List<String> names = new ArrayList<>();
        value.forEach(o -> names.add(o.path("name").asText()));
        return references(names, op, arg);
      }
      case "relation" -> {
        List<String> ids = new ArrayList<>();
        value.forEach(r -> ids.add(r.path("id").asText()));
        JsonNode normalized = arg.isTextual() ? Json.object().textNode(norm(arg.asText())) : arg;
        return references(ids, op, normalized);
      }
      case "files" -> {
        return op.equals("is_empty") == (value.size() == 0);
      }
      case "formula" -> {
        String ft = value.path("type").asText();
        String sub = op; // {string|checkbox|number|date: {...}}
        String asType =
            switch (sub) {
              case "string" -> "rich_text";
              case "checkbox" -> "checkbox";
              case "number" -> "number";
              case "date" -> "date";
              default -> null;
            };
        if (asType == null) {
          return false;
        }
        JsonNode v = value.get("boolean".equals(ft) ? "boolean" : ft);
        return matchValue(asType, v == null ? Json.object().nullNode() : v, arg);
      }
      case "rollup" -> {
        if (op.equals("number")) {
          return matchValue("number", value.path("number"), arg);
        }
        if (op.equals("date")) {
          return matchValue("date", value.path("date"), arg);
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  private static String norm(String id) {
    String n = Ids.normalize(id);
    return n == null ? id : n;
  }

  private static boolean anyEquals(JsonNode arg, String s) {
    if (arg.isArray()) {
      for (JsonNode a : arg) {
        if (a.asText().equals(s)) {
          return true;
        }
      }
      return false;
    }
    return arg.asText().equals(s);
  }

  private static boolean references(List<String> values, String op, JsonNode arg) {
    return switch (op) {
      case "contains" -> containsAny(values, arg);
      case "does_not_contain" -> !containsAny(values, arg);
      case "is_empty" -> values.isEmpty();
      case "is_not_empty" -> !values.isEmpty();
      default -> false;
    };
  }

  private static boolean containsAny(List<String> values, JsonNode arg) {
    if (arg.isArray()) {
      for (JsonNode a : arg) {
        if (values.contains(norm(a.asText()))) {
          return true;
        }
      }
      return false;
    }
    return values.contains(arg.asText()) || values.contains(norm(arg.asText()));
  }

  private static boolean text(String s, String op, JsonNode arg) {
    String lower = s.toLowerCase(Locale.ROOT);
    String a = arg.asText().toLowerCase(Locale.ROOT);
    return switch (op) {
      case "equals" -> s.equals(arg.asText());
      case "does_not_equal" -> !s.equals(arg.asText());
      case "contains" -> lower.contains(a);
      case "does_not_contain" -> !lower.contains(a);
      case "starts_with" -> lower.startsWith(a);
      case "ends_with" -> lower.endsWith(a);
      case "is_empty" -> s.isEmpty();
      case "is_not_empty" -> !s.isEmpty();
      default -> false;
    };
  }

  private static boolean number(Double n, String op, JsonNode arg) {
    if (op.equals("is_empty")) {
      return n == null;
    }
    if (op.equals("is_not_empty")) {
      return n != null;
    }
    if (n == null) {
      return op.equals("does_not_equal");
    }
    double a = arg.asDouble();
    return switch (op) {
      case "equals" -> n == a;
      case "does_not_equal" -> n != a;
      case "greater_than" -> n > a;
      case "less_than" -> n < a;
      case "greater_than_or_equal_to" -> n >= a;
      case "less_than_or_equal_to" -> n <= a;
      default -> false;
    };
  }

  // ---- sorting ----

  private List<Comparator<PageRecord>> sortComparators(DataSourceRecord ds, JsonNode sorts) {
    List<Comparator<PageRecord>> out = new ArrayList<>();
    if (sorts == null) {
      return out;
    }
    for (JsonNode s : sorts) {
      boolean desc = s.get("direction").asText().equals("descending");
      if (s.has("timestamp")) {
        String ts = s.get("timestamp").asText();
        Comparator<PageRecord> c =
            Comparator.comparing(
                p ->
                    (ts.equals("created_time") ? p.createdTime : p.lastEditedTime)
                        .truncatedTo(ChronoUnit.MINUTES));
        out.add(desc ? c.reversed() : c);
        continue;
      }
      out.add(propertyComparator(ds, ds.property(s.get("property").asText()), desc));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Comparator<PageRecord> propertyComparator(
      DataSourceRecord ds, ObjectNode config, boolean desc) {
    String type = config.get("type").asText();
    return (a, b) -> {
      Comparable ka = sortKey(type, renderer.render(a, ds, config, false).get(type));
      Comparable kb = sortKey(type, renderer.render(b, ds, config, false).get(type));
      // Empty values sort last in both directions, as in Notion.
      if (ka == null || kb == null) {
        return ka == null ? (kb == null ? 0 : 1) : -1;
      }
      int c = ka.compareTo(kb);
      return desc ? -c : c;
    };
  }

  private static Comparable<?> sortKey(String type, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    switch (type) {
      case "title", "rich_text" -> {
        String s = PropertyRenderer.plainText(v);
        return s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
      }
      case "number" -> {
        return v.isNumber() ? v.asDouble() : null;
      }
      case "checkbox" -> {
        return v.asBoolean();
      }
      case "select", "status" -> {
        return v.path("name").asText().toLowerCase(Locale.ROOT);
      }
      case "date" -> {
        DateCondition.Span span = DateCondition.parse(v.path("start").asText(), Clock.systemUTC());
        return span == null ? null : span.start();
      }
      case "unique_id" -> {
        return v.path("number").asDouble();
      }
      case "multi_select", "people", "relation", "files" -> {
        if (v.size() == 0) {
          return null;
        }
        JsonNode first = v.get(0);
        return first.path("name").asText(first.path("id").asText()).toLowerCase(Locale.ROOT);
      }
      case "formula", "rollup" -> {
        JsonNode inner = v.get(v.path("type").asText());
        return inner == null || inner.isNull() ? null : inner.asText();
      }
      default -> {
        return v.isValueNode() ? v.asText() : v.toString();
      }
    }
  }
}
