package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Renders pages, databases and data sources in the JSON shape of the requested API version. Callers
 * hold the store lock.
 */
final class ObjectRenderer {
  private final Store store;
  private final PropertyRenderer properties;

  ObjectRenderer(Store store) {
    this.store = store;
    this.properties = new PropertyRenderer(store);
  }

  PropertyRenderer properties() {
    return properties;
  }

  /**
   * A page object.
   *
   * @param truncate apply the 25-reference limit (API responses do; test helpers need not)
   * @param only property names or ids to include ({@code filter_properties}), or null for all
   */
  ObjectNode page(PageRecord page, ApiVersion version, boolean truncate, Set<String> only) {
    DataSourceRecord ds = store.dataSource(page.dataSourceId);
    ObjectNode out = Json.object();
    out.put("object", "page");
    out.put("id", page.id);
    out.put("created_time", Json.minuteTimestamp(page.createdTime));
    out.put("last_edited_time", Json.minuteTimestamp(page.lastEditedTime));
    out.set("created_by", partialUser(page.createdBy));
    out.set("last_edited_by", partialUser(page.lastEditedBy));
    out.set("cover", page.cover);
    out.set("icon", page.icon);
    ObjectNode parent = out.putObject("parent");
    if (version == ApiVersion.LEGACY) {
      parent.put("type", "database_id");
      parent.put("database_id", ds.databaseId);
    } else {
      parent.put("type", "data_source_id");
      parent.put("data_source_id", ds.id);
      parent.put("database_id", ds.databaseId);
    }
    out.put("archived", page.inTrash);
    out.put("in_trash", page.inTrash);
    if (version == ApiVersion.DATA_SOURCES) {
      out.put("is_locked", false);
    }
    ObjectNode props = out.putObject("properties");
    for (ObjectNode config : ds.properties.values()) {
      if (only != null
          && !only.contains(config.get("name").asText())
          && !only.contains(config.get("id").asText())) {
        continue;
      }
      props.set(config.get("name").asText(), properties.render(page, ds, config, truncate));
    }
    out.put("url", "https://www.notion.so/" + Ids.compact(page.id));
    out.putNull("public_url");
    return out;
  }

  /** A database object; 2022-06-28 inlines the schema, newer versions list the data sources. */
  ObjectNode database(DatabaseRecord db, ApiVersion version, Predicate<String> visibleDataSource) {
    ObjectNode out = Json.object();
    out.put("object", "database");
    out.put("id", db.id);
    if (version == ApiVersion.LEGACY) {
      DataSourceRecord ds = store.dataSource(db.dataSourceIds.get(0));
      out.put("created_time", Json.minuteTimestamp(db.createdTime));
      out.put("last_edited_time", Json.minuteTimestamp(ds.lastEditedTime));
      out.set("created_by", partialUser(ds.createdBy));
      out.set("last_edited_by", partialUser(ds.lastEditedBy));
      out.set("title", title(db.title));
      out.putArray("description");
      out.putNull("icon");
      out.putNull("cover");
      out.set("properties", schema(ds, version));
      out.set("parent", workspaceParent());
      out.put("url", "https://www.notion.so/" + Ids.compact(db.id));
      out.putNull("public_url");
      out.put("archived", db.inTrash);
      out.put("in_trash", db.inTrash);
      out.put("is_inline", false);
      return out;
    }
    out.set("title", title(db.title));
    out.putArray("description");
    out.set("parent", workspaceParent());
    out.put("is_inline", false);
    out.put("in_trash", db.inTrash);
    out.put("archived", db.inTrash);
    out.put("is_locked", false);
    out.put("created_time", Json.minuteTimestamp(db.createdTime));
    out.put("last_edited_time", Json.minuteTimestamp(db.lastEditedTime));
    ArrayNode sources = out.putArray("data_sources");
    for (String dsId : db.dataSourceIds) {
      if (visibleDataSource.test(dsId)) {
        DataSourceRecord ds = store.dataSource(dsId);
        sources.addObject().put("id", ds.id).put("name", ds.title);
      }
    }
    out.putNull("icon");
    out.putNull("cover");
    out.put("url", "https://www.notion.so/" + Ids.compact(db.id));
    out.putNull("public_url");
    return out;
  }

  /** A data source object (2025-09-03). */
  ObjectNode dataSource(DataSourceRecord ds) {
    DatabaseRecord db = store.database(ds.databaseId);
    ObjectNode out = Json.object();
    out.put("object", "data_source");
    out.put("id", ds.id);
    out.set("title", title(ds.title));
    out.putArray("description");
    ObjectNode parent = out.putObject("parent");
    parent.put("type", "database_id");
    parent.put("database_id", ds.databaseId);
    out.set("database_parent", workspaceParent());
    out.put("is_inline", false);
    out.put("in_trash", db.inTrash);
    out.put("archived", db.inTrash);
    out.put("created_time", Json.minuteTimestamp(ds.createdTime));
    out.put("last_edited_time", Json.minuteTimestamp(ds.lastEditedTime));
    out.set("created_by", partialUser(ds.createdBy));
    out.set("last_edited_by", partialUser(ds.lastEditedBy));
    out.set("properties", schema(ds, ApiVersion.DATA_SOURCES));
    out.putNull("icon");
    out.putNull("cover");
    out.put("url", "https://www.notion.so/" + Ids.compact(ds.id));
    out.putNull("public_url");
    return out;
  }

  /** The schema keyed by property name; 2022-06-28 relations carry no data_source_id. */
  ObjectNode schema(DataSourceRecord ds, ApiVersion version) {
    ObjectNode out = Json.object();
    for (ObjectNode config : ds.properties.values()) {
      ObjectNode copy = config.deepCopy();
      if (version == ApiVersion.LEGACY && copy.has("relation")) {
        ((ObjectNode) copy.get("relation")).remove("data_source_id");
      }
      out.set(config.get("name").asText(), copy);
    }
    return out;
  }

  /** The title of a data source or database: one plain text item. */
  static ArrayNode title(String text) {
    ObjectNode input = Json.object();
    input.putObject("text").put("content", text);
    ArrayNode arr = Json.array();
    arr.add(input);
    return PropertyCodec.richText(arr, "title");
  }

  static ObjectNode partialUser(String id) {
    ObjectNode u = Json.object();
    u.put("object", "user");
    u.put("id", id);
    return u;
  }

  private static ObjectNode workspaceParent() {
    ObjectNode p = Json.object();
    p.put("type", "workspace");
    p.put("workspace", true);
    return p;
  }
}
