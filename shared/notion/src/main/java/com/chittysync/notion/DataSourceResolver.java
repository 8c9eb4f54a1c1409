package com.chittysync.notion;

import com.chittysync.connect.SnapshotLookup;
import com.chittysync.core.config.ConfigException;
import com.chittysync.notion.DataSource.Property;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the data source an endpoint syncs (the one of its database when only the database is
 * named), reads its schema, and checks that every mapped field has a property it can sync; a
 * database with several data sources, or a schema that does not fit, is a config error naming the
 * way out.
 */
final class DataSourceResolver {
  private final NotionSettings settings;
  private final NotionClient client;
  private final List<RelatedRegistry> registries;
  private final Optional<SnapshotLookup> snapshots;

  DataSourceResolver(
      NotionSettings settings,
      NotionClient client,
      List<RelatedRegistry> registries,
      Optional<SnapshotLookup> snapshots) {
    this.settings = settings;
    this.client = client;
    this.registries = List.copyOf(registries);
    this.snapshots = snapshots;
  }

  /** The data source the settings name, its schema checked against the mapped fields. */
  DataSource resolve() {
    String id;
    if (settings.dataSourceId().isPresent()) {
      id = settings.dataSourceId().get();
    } else {
      JsonNode database = client.get("/v1/databases/" + settings.databaseId().get());
      JsonNode sources = database.path("data_sources");
      if (!sources.isArray() || sources.isEmpty()) {
        throw new ConfigException(
            settings.path() + ".database_id: the database has no data source to sync");
      }
      if (sources.size() > 1) {
        List<String> names = new ArrayList<>();
        sources.forEach(
            s -> names.add(s.path("id").asText() + " (" + s.path("name").asText() + ")"));
        throw new ConfigException(
            settings.path()
                + ".database_id: the database has "
                + sources.size()
                + " data sources; set data_source_id to one of: "
                + String.join(", ", names));
      }
      id = sources.get(0).path("id").asText();
    }
    JsonNode ds = client.get("/v1/data_sources/" + id);
    Map<String, Property> properties = new LinkedHashMap<>();
    Map<String, JsonNode> schemas = new HashMap<>();
    ds.path("properties").fields().forEachRemaining(e -> schemas.put(e.getKey(), e.getValue()));
    ds.path("properties")
        .fields()
        .forEachRemaining(
            e ->
                properties.put(
                    e.getKey(),
                    new Property(
                        e.getValue().path("id").asText(),
                        e.getKey(),
                        e.getValue().path("type").asText())));
    StringBuilder title = new StringBuilder();
    ds.path("title").forEach(t -> title.append(PropertyCodec.plainText(t)));
    List<String> problems = new ArrayList<>();
    settings
        .properties()
        .forEach(
            (field, name) -> {
              Property p = properties.get(name);
              String where = settings.path() + ".fields." + field;
              if (p == null) {
                problems.add(
                    where
                        + ": the data source '"
                        + title
                        + "' has no property '"
                        + name
                        + "' (it has: "
                        + String.join(", ", properties.keySet())
                        + ")");
              } else if (!PropertyCodec.supported(p.type())) {
                problems.add(
                    where
                        + ": property '"
                        + name
                        + "' is of type "
                        + p.type()
                        + ", which is not synced");
              } else if (field.equals(settings.keyField())
                  && !Set.of("title", "rich_text", "url", "email", "phone_number")
                      .contains(p.type())) {
                problems.add(
                    where
                        + ": the key property '"
                        + name
                        + "' is of type "
                        + p.type()
                        + "; it must be a writable text property (title, rich_text, url, email,"
                        + " phone_number) so that pages can be found by key");
              }
            });
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new DataSource(id, title.toString(), properties, relations(schemas));
  }

  /**
   * The mapped relation properties that point at a registry's data source: their values are that
   * registry's keys. Other relations keep page ids.
   */
  private Map<String, RelationKeys> relations(Map<String, JsonNode> schemas) {
    Map<String, RelationKeys> relations = new HashMap<>();
    settings
        .properties()
        .forEach(
            (field, name) -> {
              JsonNode schema = schemas.get(name);
              if (schema == null || !"relation".equals(schema.path("type").asText())) {
                return;
              }
              JsonNode relation = schema.path("relation");
              String dataSource = relation.path("data_source_id").asText(null);
              String database = relation.path("database_id").asText(null);
              for (RelatedRegistry registry : registries) {
                if (registry.holds(dataSource, database)) {
                  String target =
                      dataSource != null
                          ? NotionSettings.dashed(dataSource)
                          : registry.dataSourceId().orElse(null);
                  if (target != null) {
                    relations.put(field, new RelationKeys(registry, target, snapshots, client));
                  }
                  return;
                }
              }
            });
    return relations;
  }
}
