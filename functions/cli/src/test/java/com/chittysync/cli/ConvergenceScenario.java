package com.chittysync.cli;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One registry configuration the convergence suite drives: its endpoints ("places"), conflict
 * strategy and delete policy. Every scenario keeps the same canonical record (an id and five fields
 * of the five kinds a person types: text, text, whole number, yes/no, date), so the edits, the
 * model and the checks are shared.
 *
 * @param name the scenario, as printed
 * @param conflict the registry's {@code conflict:} strategy
 * @param priority for source-priority: endpoint names, highest first
 * @param deletes the registry's {@code deletes:} policy
 * @param guard the registry's {@code delete_guard}
 * @param places the endpoints, in config order
 */
record ConvergenceScenario(
    String name,
    String conflict,
    List<String> priority,
    String deletes,
    double guard,
    List<Place> places) {

  /** What kind of store an endpoint is. */
  enum Kind {
    NOTION,
    POSTGRES,
    SHEET
  }

  /** What a canonical field holds. */
  enum Type {
    KEY,
    TEXT,
    INT,
    BOOL,
    DATE
  }

  /** The canonical fields, key first, in column order. */
  static final Map<String, Type> FIELDS = fields();

  /** The canonical fields but the key. */
  static final List<String> VALUE_FIELDS = List.of("name", "note", "qty", "active", "due");

  /**
   * One endpoint.
   *
   * @param name its name in the config
   * @param kind what it is
   * @param table for PostgreSQL, the table ({@code schema.table})
   * @param columns canonical field to the endpoint's own name for it (column, property, header)
   * @param extra the name of a column (property, header) the registry does not map: people keep
   *     their own notes there, which a sync must never touch
   */
  record Place(String name, Kind kind, String table, Map<String, String> columns, String extra) {}

  /** A sheet cell typed as text where the schema wants a number or a date: unreadable. */
  record Unreadable(String text) {
    @Override
    public String toString() {
      return "unreadable '" + text + "'";
    }
  }

  /**
   * What one endpoint holds for a key, as its connector reads it: every value field (null when
   * empty) and the content of the unmapped column.
   */
  record Rec(Map<String, Object> fields, String extra) {
    Rec {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (String f : VALUE_FIELDS) {
        copy.put(f, fields.get(f));
      }
      fields = Collections.unmodifiableMap(copy);
    }

    Object get(String field) {
      return fields.get(field);
    }

    Rec with(String field, Object value) {
      Map<String, Object> copy = new LinkedHashMap<>(fields);
      copy.put(field, value);
      return new Rec(copy, extra);
    }

    Rec withExtra(String text) {
      return new Rec(fields, text);
    }

    /** Whether the schema refuses it: a negative quantity or a cell of the wrong kind. */
    boolean invalid() {
      for (Object v : fields.values()) {
        if (v instanceof Unreadable) {
          return true;
        }
      }
      return fields.get("qty") instanceof Long q && q < 0;
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("{");
      fields.forEach((f, v) -> out.append(f).append('=').append(show(v)).append(' '));
      out.append("extra=").append(show(extra)).append('}');
      return out.toString();
    }
  }

  ConvergenceScenario {
    priority = List.copyOf(priority);
    places = List.copyOf(places);
  }

  Place place(String name) {
    for (Place p : places) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no place " + name);
  }

  boolean has(Kind kind) {
    return places.stream().anyMatch(p -> p.kind() == kind);
  }

  /** The registry name every scenario uses. */
  static final String REGISTRY = "items";

  /** The scenarios CI runs: every conflict strategy and every delete policy at least once. */
  static List<ConvergenceScenario> all() {
    return List.of(
        threeWay("last-write-wins", List.of(), "propagate", 0.5),
        threeWay("manual", List.of(), "hold", 0.5),
        threeWay("source-priority", List.of("sheet", "notion", "pg"), "ignore", 0.5),
        postgresToPostgres());
  }

  /** Notion, a PostgreSQL table and a sheet. */
  static ConvergenceScenario threeWay(
      String conflict, List<String> priority, String deletes, double guard) {
    return new ConvergenceScenario(
        conflict + "/" + deletes,
        conflict,
        priority,
        deletes,
        guard,
        List.of(
            new Place(
                "notion",
                Kind.NOTION,
                null,
                columns("ID", "Name", "Note", "Qty", "Active", "Due"),
                "Comments"),
            new Place(
                "pg",
                Kind.POSTGRES,
                "public.items",
                columns("id", "name", "note", "qty", "active", "due"),
                "internal"),
            new Place(
                "sheet",
                Kind.SHEET,
                null,
                columns("ID", "Name", "Note", "Qty", "Active", "Due"),
                "Scratch")));
  }

  /** Two PostgreSQL tables whose columns are named differently, each with a column of its own. */
  static ConvergenceScenario postgresToPostgres() {
    return new ConvergenceScenario(
        "content-hash/propagate (PostgreSQL to PostgreSQL)",
        "content-hash",
        List.of(),
        "propagate",
        0.3,
        List.of(
            new Place(
                "main",
                Kind.POSTGRES,
                "public.people",
                columns("id", "name", "note", "qty", "active", "due"),
                "internal"),
            new Place(
                "crm",
                Kind.POSTGRES,
                "crm.contacts",
                columns("contact_id", "display_name", "remark", "amount", "enabled", "due_on"),
                "memo")));
  }

  private static Map<String, String> columns(String... names) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> fields = List.copyOf(FIELDS.keySet());
    for (int i = 0; i < names.length; i++) {
      out.put(fields.get(i), names[i]);
    }
    return out;
  }

  private static Map<String, Type> fields() {
    Map<String, Type> out = new LinkedHashMap<>();
    out.put("id", Type.KEY);
    out.put("name", Type.TEXT);
    out.put("note", Type.TEXT);
    out.put("qty", Type.INT);
    out.put("active", Type.BOOL);
    out.put("due", Type.DATE);
    return Collections.unmodifiableMap(out);
  }

  /** The registry's JSON Schema: quantities are whole numbers from 0, so -1 is quarantined. */
  static String schema() {
    return "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
        + "\"required\":[\"id\"],\"properties\":{"
        + "\"id\":{\"type\":\"string\",\"pattern\":\"^I-[0-9]{3}$\"},"
        + "\"name\":{\"type\":\"string\"},"
        + "\"note\":{\"type\":\"string\"},"
        + "\"qty\":{\"type\":\"integer\",\"minimum\":0},"
        + "\"active\":{\"type\":\"boolean\"},"
        + "\"due\":{\"type\":\"string\",\"format\":\"date\"}}}";
  }

  // ---- what each kind of endpoint can hold ----

  /**
   * The value {@code kind} holds once canonical value {@code x} of a {@code type} field is written
   * to it, as its connector reads it back: a Notion checkbox has no "no value", so null is false; a
   * Notion text and a sheet cell cannot tell an empty string from empty. PostgreSQL holds every
   * value as given.
   */
  static Object represent(Kind kind, Type type, Object x) {
    if (x instanceof String s && s.isEmpty() && type == Type.TEXT && kind != Kind.POSTGRES) {
      return null;
    }
    if (x == null && type == Type.BOOL && kind == Kind.NOTION) {
      return Boolean.FALSE;
    }
    return x;
  }

  /**
   * The canonical values that {@code kind} holds as {@code held}: the equivalence the checks
   * compare through. Two endpoints agree on a field when some canonical value is held as what each
   * holds.
   */
  static Set<Object> preimages(Kind kind, Type type, Object held) {
    Set<Object> out = new HashSet<>();
    for (Object x : Arrays.asList(held, null, "", Boolean.FALSE)) {
      if (x != null && !sameType(type, x)) {
        continue;
      }
      if (same(represent(kind, type, x), held)) {
        out.add(x == null ? NULL : x);
      }
    }
    return out;
  }

  /** Stands for null in sets. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  static Object unwrap(Object x) {
    return x == NULL ? null : x;
  }

  private static boolean sameType(Type type, Object x) {
    return switch (type) {
      case KEY, TEXT, DATE -> x instanceof String;
      case INT -> x instanceof Long;
      case BOOL -> x instanceof Boolean;
    };
  }

  /** Exact equality of held values (numbers by value). */
  static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return Objects.equals(a, b);
  }

  static String show(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    return v.toString();
  }

  /** A canonical value as JSON, for hashing and for {@code conflicts resolve --value}. */
  static com.fasterxml.jackson.databind.JsonNode json(Object x) {
    var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    if (x == null || x == NULL) {
      return f.nullNode();
    }
    if (x instanceof String s) {
      return f.textNode(s);
    }
    if (x instanceof Long l) {
      return f.numberNode(l);
    }
    if (x instanceof Boolean b) {
      return f.booleanNode(b);
    }
    throw new IllegalArgumentException("not a canonical value: " + x);
  }

  /** A canonical value read back from JSON. */
  static Object fromJson(com.fasterxml.jackson.databind.JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isIntegralNumber() || (node.isNumber() && node.decimalValue().scale() <= 0)) {
      return node.longValue();
    }
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue().stripTrailingZeros();
      return d.scale() <= 0 ? (Object) d.longValueExact() : d;
    }
    return node.toString();
  }
}
