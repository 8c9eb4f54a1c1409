package com.chittysync.connect.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One endpoint of a registry.
 *
 * @param name its name (free text, unique within the registry)
 * @param type its kind: {@code postgres}, later {@code notion} and {@code sheets}
 * @param fields canonical field name to the endpoint's own name for it (column, property, header)
 * @param settings the endpoint's other settings as written ({@code table}, {@code url}...), which
 *     its type validates
 * @param path where it is in the config, for messages: {@code registries.people.endpoints.main}
 */
public record EndpointConfig(
    String name, String type, Map<String, String> fields, JsonNode settings, String path) {
  public EndpointConfig {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    settings = settings.deepCopy();
  }

  /** A string setting, or {@code null}. */
  public String setting(String name) {
    JsonNode value = settings.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }
}
