package com.chittysync.sheets;

import com.chittysync.core.config.ConfigException;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@link FieldType} of each canonical field, read from the registry's JSON Schema: {@code type}
 * (a {@code "null"} alternative is ignored), {@code format} {@code date} / {@code date-time}, local
 * {@code $ref}s and {@code anyOf}/{@code oneOf} whose branches agree. Anything else is {@link
 * FieldType#ANY}. The key field is always text.
 */
public final class SchemaTypes {
  private final Map<String, FieldType> types;

  private SchemaTypes(Map<String, FieldType> types) {
    this.types = Map.copyOf(types);
  }

  /** Types for {@code fields} of {@code schemaText}; {@code keyField} is always STRING. */
  public static SchemaTypes of(
      String schemaText, String where, String keyField, Collection<String> fields) {
    JsonNode schema;
    try {
      schema = Json.mapper().readTree(schemaText);
    } catch (IOException e) {
      throw new ConfigException(where + ": the schema is not JSON: " + e.getMessage());
    }
    Map<String, FieldType> types = new LinkedHashMap<>();
    JsonNode properties = schema == null ? null : schema.get("properties");
    for (String field : fields) {
      JsonNode property = properties == null ? null : properties.get(field);
      types.put(field, property == null ? FieldType.ANY : typeOf(schema, property, 0));
    }
    types.put(keyField, FieldType.STRING);
    return new SchemaTypes(types);
  }

  /** The type of {@code field}, ANY when the schema does not say. */
  public FieldType type(String field) {
    return types.getOrDefault(field, FieldType.ANY);
  }

  private static FieldType typeOf(JsonNode root, JsonNode node, int depth) {
    if (depth > 16 || node == null || !node.isObject()) {
      return FieldType.ANY;
    }
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isTextual() && ref.asText().startsWith("#/")) {
      JsonNode target = root.at(ref.asText().substring(1));
      if (!target.isMissingNode()) {
        return typeOf(root, target, depth + 1);
      }
    }
    for (String combinator : new String[] {"anyOf", "oneOf"}) {
      JsonNode branches = node.get(combinator);
      if (branches != null && branches.isArray() && !node.has("type")) {
        Set<FieldType> found = new LinkedHashSet<>();
        for (JsonNode branch : branches) {
          if (!isNullOnly(branch)) {
            found.add(typeOf(root, branch, depth + 1));
          }
        }
        return found.size() == 1 ? found.iterator().next() : FieldType.ANY;
      }
    }
    Set<String> declared = new LinkedHashSet<>();
    JsonNode type = node.get("type");
    if (type != null && type.isTextual()) {
      declared.add(type.asText());
    } else if (type != null && type.isArray()) {
      type.forEach(t -> declared.add(t.asText()));
    }
    declared.remove("null");
    String format = node.path("format").asText("");
    if ((declared.isEmpty() || declared.equals(Set.of("string"))) && !format.isEmpty()) {
      if (format.equals("date")) {
        return FieldType.DATE;
      }
      if (format.equals("date-time")) {
        return FieldType.DATE_TIME;
      }
    }
    if (declared.equals(Set.of("integer", "number"))) {
      return FieldType.NUMBER;
    }
    if (declared.size() != 1) {
      return FieldType.ANY;
    }
    return switch (declared.iterator().next()) {
      case "string" -> FieldType.STRING;
      case "integer" -> FieldType.INTEGER;
      case "number" -> FieldType.NUMBER;
      case "boolean" -> FieldType.BOOLEAN;
      case "array" -> FieldType.ARRAY;
      case "object" -> FieldType.OBJECT;
      default -> FieldType.ANY;
    };
  }

  private static boolean isNullOnly(JsonNode branch) {
    JsonNode type = branch.get("type");
    return type != null && type.isTextual() && type.asText().equals("null");
  }
}
