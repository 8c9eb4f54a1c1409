package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A data source: a schema plus rows. The schema maps property id to the property config in Notion's
 * shape ({@code {id,name,type,<type>:{...}}}), in display order. Guarded by the {@link Store}.
 */
final class DataSourceRecord {
  final String id;
  final String databaseId;
  String title;
  final Map<String, ObjectNode> properties = new LinkedHashMap<>();
  Instant createdTime;
  Instant lastEditedTime;
  String createdBy;
  String lastEditedBy;
  int nextUniqueId = 1;

  DataSourceRecord(String id, String databaseId, String title, Instant now, String author) {
    this.id = id;
    this.databaseId = databaseId;
    this.title = title;
    this.createdTime = now;
    this.lastEditedTime = now;
    this.createdBy = author;
    this.lastEditedBy = author;
  }

  /** The config of the property with this name or id, or null. Names win over ids, as in Notion. */
  ObjectNode property(String nameOrId) {
    for (ObjectNode config : properties.values()) {
      if (config.path("name").asText().equals(nameOrId)) {
        return config;
      }
    }
    ObjectNode byId = properties.get(nameOrId);
    if (byId != null) {
      return byId;
    }
    // Clients may send the id URL-decoded (":UPp") or encoded ("%3AUPp").
    for (Map.Entry<String, ObjectNode> e : properties.entrySet()) {
      if (URLDecoder.decode(e.getKey(), StandardCharsets.UTF_8).equals(nameOrId)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The title property's config; every data source has exactly one. */
  ObjectNode titleProperty() {
    for (ObjectNode config : properties.values()) {
      if ("title".equals(config.path("type").asText())) {
        return config;
      }
    }
    throw new IllegalStateException("data source " + id + " has no title property");
  }
}
