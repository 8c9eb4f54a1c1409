package com.chittysync.emulators.sheets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard {@code fields} parameter: {@code sheets.properties}, {@code
 * sheets(properties(sheetId,title))}, {@code sheets/properties}, several paths joined by commas.
 * Applied to a response tree, it keeps only the named fields (arrays element by element).
 */
final class FieldMask {
  /** Child masks by field name; an empty map keeps the whole field. */
  private final Map<String, FieldMask> children = new LinkedHashMap<>();

  private FieldMask() {}

  static FieldMask parse(String text) {
    FieldMask root = new FieldMask();
    int end = root.parseList(text.replace(" ", ""), 0);
    if (end != text.replace(" ", "").length()) {
      throw SheetsError.badFieldMask(text);
    }
    return root;
  }

  /** Parses {@code path(,path)*} into this mask; returns the index after it. */
  private int parseList(String s, int i) {
    while (true) {
      i = parsePath(s, i);
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
        continue;
      }
      return i;
    }
  }

  private int parsePath(String s, int i) {
    int j = i;
    while (j < s.length() && "(),./".indexOf(s.charAt(j)) < 0) {
      j++;
    }
    if (j == i) {
      throw SheetsError.badFieldMask(s);
    }
    String name = s.substring(i, j);
    FieldMask child = children.computeIfAbsent(name, n -> new FieldMask());
    if (j < s.length() && (s.charAt(j) == '.' || s.charAt(j) == '/')) {
      return child.parsePath(s, j + 1);
    }
    if (j < s.length() && s.charAt(j) == '(') {
      int end = child.parseList(s, j + 1);
      if (end >= s.length() || s.charAt(end) != ')') {
        throw SheetsError.badFieldMask(s);
      }
      return end + 1;
    }
    return j;
  }

  /**
   * Checks the mask against a schema given as nested maps of known names (null: not checked
   * deeper); 400 as Google answers for a path it cannot match.
   */
  void validate(Map<String, Object> schema, String prefix) {
    for (Map.Entry<String, FieldMask> e : children.entrySet()) {
      if (e.getKey().equals("*")) {
        continue;
      }
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (!schema.containsKey(e.getKey())) {
        throw SheetsError.badFieldMask(path);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> sub = (Map<String, Object>) schema.get(e.getKey());
      if (sub != null) {
        e.getValue().validate(sub, path);
      }
    }
  }

  /** Keeps only the masked fields of {@code node} (in place); {@code *} keeps every field. */
  void apply(JsonNode node) {
    if (children.isEmpty() || children.containsKey("*")) {
      return;
    }
    if (node instanceof ArrayNode arr) {
      arr.forEach(this::apply);
      return;
    }
    if (!(node instanceof ObjectNode obj)) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      FieldMask child = children.get(f.getKey());
      if (child == null) {
        it.remove();
      } else {
        child.apply(f.getValue());
      }
    }
  }
}
