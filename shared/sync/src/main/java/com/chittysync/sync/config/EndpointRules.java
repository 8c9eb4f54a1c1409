package com.chittysync.sync.config;

import static com.chittysync.sync.config.ConfigValues.absent;
import static com.chittysync.sync.config.ConfigValues.kind;
import static com.chittysync.sync.config.ConfigValues.show;

import com.chittysync.connect.EndpointType;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rules of one endpoint's settings: its name, its type, its field mapping; then each endpoint's
 * type checks its own settings ({@link EndpointType#validate}). Problems are added to the parse's
 * list, never thrown.
 */
final class EndpointRules {
  private final Map<String, EndpointType> types;
  private final List<String> problems;

  EndpointRules(Map<String, EndpointType> types, List<String> problems) {
    this.types = types;
    this.problems = problems;
  }

  /**
   * Endpoint {@code name} of the registry at {@code registryPath}; null when its settings are not a
   * mapping.
   *
   * @param key the registry's key field, null when it is invalid
   */
  EndpointConfig endpoint(String registryPath, String name, JsonNode node, String key) {
    String path = registryPath + ".endpoints." + name;
    if (name.isBlank()) {
      problems.add(path + ": endpoint names must not be empty");
    }
    if (!node.isObject()) {
      problems.add(path + ": must be a mapping of settings (type, fields...), got " + kind(node));
      return null;
    }
    String known = knownTypes();
    String type = "";
    JsonNode typeNode = node.get("type");
    if (absent(typeNode)) {
      problems.add(path + ".type: required; known types: " + known);
    } else if (!typeNode.isTextual()) {
      problems.add(
          path
              + ".type: must be an endpoint type name, got "
              + show(typeNode)
              + "; known types: "
              + known);
    } else {
      type = typeNode.asText();
      if (!types.containsKey(type)) {
        problems.add(path + ".type: unknown endpoint type '" + type + "'; known types: " + known);
      }
    }

    Map<String, String> fields = new LinkedHashMap<>();
    JsonNode fieldsNode = node.get("fields");
    if (absent(fieldsNode)) {
      problems.add(
          path
              + ".fields: required (a mapping of canonical field name to the endpoint's name"
              + " for it)");
    } else if (!fieldsNode.isObject() || fieldsNode.isEmpty()) {
      problems.add(
          path
              + ".fields: must be a non-empty mapping of canonical field name to the endpoint's"
              + " name for it, got "
              + kind(fieldsNode));
    } else {
      Map<String, String> canonicalOf = new HashMap<>();
      for (Map.Entry<String, JsonNode> e : fieldsNode.properties()) {
        String canonical = e.getKey();
        String fieldPath = path + ".fields." + canonical;
        JsonNode value = e.getValue();
        boolean ok = true;
        if (!ConfigLoader.FIELD_NAME.matcher(canonical).matches()) {
          problems.add(
              fieldPath
                  + ": canonical field names hold only letters, digits and '_' and do not start"
                  + " with a digit");
          ok = false;
        }
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
          problems.add(
              fieldPath
                  + ": must be a non-empty string (the endpoint's name for the field), got "
                  + show(value));
          ok = false;
        } else {
          String nativeName = value.asText();
          String other = canonicalOf.putIfAbsent(nativeName, canonical);
          if (other != null) {
            problems.add(
                fieldPath + ": '" + nativeName + "' is already mapped from '" + other + "'");
            ok = false;
          }
        }
        if (ok) {
          fields.put(canonical, value.asText());
        }
      }
      if (key != null && !fieldsNode.has(key)) {
        problems.add(path + ".fields: must map the key field '" + key + "'");
      }
    }

    ObjectNode settings = JsonNodeFactory.instance.objectNode();
    node.properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("type") && !e.getKey().equals("fields")) {
                settings.set(e.getKey(), e.getValue());
              }
            });
    return new EndpointConfig(name, type, fields, settings, path);
  }

  /** Has each endpoint's type check its settings within {@code registry}. */
  void validateTypes(RegistryConfig registry) {
    for (EndpointConfig endpoint : registry.endpoints().values()) {
      EndpointType type = types.get(endpoint.type());
      if (type == null) {
        continue; // already reported
      }
      try {
        List<String> found = type.validate(endpoint, registry);
        if (found != null) {
          problems.addAll(found);
        }
      } catch (RuntimeException e) {
        problems.add(
            endpoint.path()
                + ": the "
                + endpoint.type()
                + " endpoint type could not check these settings: "
                + e);
      }
    }
  }

  private String knownTypes() {
    return types.isEmpty() ? "(none registered)" : String.join(", ", new TreeSet<>(types.keySet()));
  }
}
