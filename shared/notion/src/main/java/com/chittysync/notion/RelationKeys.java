package com.chittysync.notion;

import com.chittysync.connect.SnapshotLookup;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates between the pages of a related registry's data source and that registry's keys, so a
 * relation is synced as keys that mean the same thing in PostgreSQL, a sheet, or another Notion
 * workspace.
 *
 * <p>Pages are looked up first in what the last syncs of the related registry recorded (its
 * endpoint snapshots, one query), then asked of Notion one by one: a page read for its key, a query
 * by key for a page. A related record that does not exist yet is reported, not guessed.
 */
final class RelationKeys {
  private final RelatedRegistry target;
  private final String dataSourceId;
  private final Optional<SnapshotLookup> snapshots;
  private final NotionClient client;
  private final Map<String, String> keyByPage = new ConcurrentHashMap<>();
  private final Map<String, String> pageByKey = new ConcurrentHashMap<>();
  private volatile boolean loaded;
  private volatile DataSource.Property keyProperty;

  /**
   * @param target the related registry
   * @param dataSourceId the data source the relation points at
   * @param snapshots the related registry's snapshots (empty without a state)
   * @param client the Notion client
   */
  RelationKeys(
      RelatedRegistry target,
      String dataSourceId,
      Optional<SnapshotLookup> snapshots,
      NotionClient client) {
    this.target = target;
    this.dataSourceId = dataSourceId;
    this.snapshots = snapshots;
    this.client = client;
  }

  /** The related registry. */
  RelatedRegistry target() {
    return target;
  }

  /** Records that {@code pageId} holds {@code key} (a page this run read itself). */
  void learn(String pageId, String key) {
    keyByPage.put(pageId, key);
    pageByKey.put(key, pageId);
  }

  /** The key the page holds; empty when the page is gone, in the trash, or has no key. */
  Optional<String> key(String pageId) {
    load();
    String known = keyByPage.get(pageId);
    if (known != null) {
      return Optional.of(known);
    }
    JsonNode page;
    try {
      page = client.get("/v1/pages/" + pageId);
    } catch (NotionApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    if (page.path("in_trash").asBoolean(false) || page.path("archived").asBoolean(false)) {
      return Optional.empty();
    }
    JsonNode value = page.path("properties").get(target.keyProperty());
    JsonNode key = value == null ? null : PropertyCodec.read(value);
    if (key == null || key.asText().isBlank()) {
      return Optional.empty();
    }
    learn(pageId, key.asText());
    return Optional.of(key.asText());
  }

  /** The page that holds {@code key}; empty when no page of the related registry does. */
  Optional<String> page(String key) {
    load();
    String known = pageByKey.get(key);
    if (known != null) {
      return Optional.of(known);
    }
    DataSource.Property property = keyProperty();
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode filter = body.putObject("filter");
    filter.put("property", property.id());
    filter.putObject(property.type()).put("equals", key);
    body.put("page_size", 10);
    JsonNode answer = client.query("/v1/data_sources/" + dataSourceId + "/query", body);
    for (JsonNode page : answer.path("results")) {
      if (!page.path("in_trash").asBoolean(false)) {
        String pageId = page.path("id").asText();
        learn(pageId, key);
        return Optional.of(pageId);
      }
    }
    return Optional.empty();
  }

  private DataSource.Property keyProperty() {
    DataSource.Property p = keyProperty;
    if (p == null) {
      JsonNode schema =
          client
              .get("/v1/data_sources/" + dataSourceId)
              .path("properties")
              .path(target.keyProperty());
      p =
          new DataSource.Property(
              schema.path("id").asText(target.keyProperty()),
              target.keyProperty(),
              schema.path("type").asText("rich_text"));
      keyProperty = p;
    }
    return p;
  }

  /** What the related registry's last syncs saw: one query, once. */
  private void load() {
    if (loaded || snapshots.isEmpty()) {
      return;
    }
    synchronized (this) {
      if (loaded) {
        return;
      }
      snapshots
          .get()
          .remoteIdsByKey(target.registry(), target.endpoint())
          .forEach(
              (key, pageId) ->
                  pageId.ifPresent(
                      id -> {
                        keyByPage.putIfAbsent(id, key);
                        pageByKey.putIfAbsent(key, id);
                      }));
      loaded = true;
    }
  }
}
