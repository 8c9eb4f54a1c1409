package com.chittysync.intake;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.SyncConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which registries a Notion webhook event concerns: those with a {@code notion} endpoint whose
 * {@code data_source_id} or {@code database_id} is the event's data source or database.
 *
 * <p>An event names its container in several places depending on its type and API version: {@code
 * data.parent.data_source_id} (pages, 2025-09-03), {@code data.parent.id} (pages in a database,
 * 2022-06-28), or {@code entity.id} when the entity itself is the data source or database. All are
 * tried. Ids are compared without dashes and case-insensitively, because Notion writes the same id
 * both with and without dashes.
 */
public final class RegistryRouter {
  /** The endpoint type whose endpoints are Notion data sources. */
  public static final String NOTION = "notion";

  private final Map<String, List<String>> registriesById;

  /** A router over {@code config}'s Notion endpoints. */
  public RegistryRouter(SyncConfig config) {
    Map<String, List<String>> byId = new LinkedHashMap<>();
    for (RegistryConfig registry : config.registries().values()) {
      for (EndpointConfig endpoint : registry.endpoints().values()) {
        if (!NOTION.equals(endpoint.type())) {
          continue;
        }
        for (String setting : List.of("data_source_id", "database_id")) {
          String id = normalise(endpoint.setting(setting));
          if (id != null) {
            List<String> names = byId.computeIfAbsent(id, k -> new ArrayList<>());
            if (!names.contains(registry.name())) {
              names.add(registry.name());
            }
          }
        }
      }
    }
    byId.replaceAll((k, v) -> List.copyOf(v));
    this.registriesById = byId;
  }

  /** The registries {@code event} concerns, in config order; empty when none. */
  public List<String> route(JsonNode event) {
    Set<String> names = new LinkedHashSet<>();
    for (String id : candidateIds(event)) {
      names.addAll(registriesById.getOrDefault(id, List.of()));
    }
    return List.copyOf(names);
  }

  /** Whether any registry has a Notion endpoint at all. */
  public boolean isEmpty() {
    return registriesById.isEmpty();
  }

  private static List<String> candidateIds(JsonNode event) {
    List<String> ids = new ArrayList<>();
    JsonNode parent = event.path("data").path("parent");
    add(ids, parent.path("data_source_id"));
    add(ids, parent.path("database_id"));
    add(ids, parent.path("id"));
    JsonNode entity = event.path("entity");
    String entityType = entity.path("type").asText("");
    if (entityType.equals("data_source") || entityType.equals("database")) {
      add(ids, entity.path("id"));
    }
    return ids;
  }

  private static void add(List<String> ids, JsonNode value) {
    if (value.isTextual()) {
      String id = normalise(value.asText());
      if (id != null) {
        ids.add(id);
      }
    }
  }

  /** {@code id} without dashes, lower case; {@code null} when blank. */
  static String normalise(String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    return id.strip().replace("-", "").toLowerCase(Locale.ROOT);
  }
}
