package com.chittysync.sync.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.Locale;

/** How the config's rules see a YAML value: absent or not, and how a message shows it. */
final class ConfigValues {
  private ConfigValues() {}

  /** Absent, or written with no value ({@code key:} or {@code key: null}). */
  static boolean absent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  /** A value for a message: strings quoted, others as JSON. */
  static String show(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isTextual()) {
      return "'" + value.asText() + "'";
    }
    if (value.isContainerNode()) {
      return kind(value);
    }
    return value.toString();
  }

  /** What kind of value {@code value} is, for a message: "a mapping", "an empty list"... */
  static String kind(JsonNode value) {
    JsonNodeType type = value.getNodeType();
    return switch (type) {
      case OBJECT -> value.isEmpty() ? "an empty mapping" : "a mapping";
      case ARRAY -> value.isEmpty() ? "an empty list" : "a list";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "nothing";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }
}
