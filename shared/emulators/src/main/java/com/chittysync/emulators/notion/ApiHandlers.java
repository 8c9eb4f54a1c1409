package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Notion REST endpoints. Each method takes an authenticated, versioned request and answers the
 * JSON Notion would; anything wrong is thrown as a {@link NotionError}.
 */
final class ApiHandlers {
  private final Store store;
  private final ObjectRenderer renderer;
  private final QueryEngine queries;
  private final Paginator paginator = new Paginator();
  private final Supplier<String> baseUrl;

  ApiHandlers(Store store, ObjectRenderer renderer, Supplier<String> baseUrl) {
    this.store = store;
    this.renderer = renderer;
    this.queries = new QueryEngine(renderer.properties(), store.clock());
    this.baseUrl = baseUrl;
  }

  // ---- lookups that honour sharing ----

  private DatabaseRecord visibleDatabase(ApiRequest req, String id) {
    DatabaseRecord db = store.database(id);
    if (db == null || db.dataSourceIds.stream().noneMatch(req.grant::canSee)) {
      throw NotionError.notFound("database", id);
    }
    return db;
  }

  private DataSourceRecord visibleDataSource(ApiRequest req, String id) {
    DataSourceRecord ds = store.dataSource(id);
    if (ds == null || !req.grant.canSee(ds.id)) {
      throw NotionError.notFound("data_source", id);
    }
    return ds;
  }

  private PageRecord visiblePage(ApiRequest req, String id) {
    PageRecord p = store.page(id);
    if (p == null || !req.grant.canSee(p.dataSourceId)) {
      throw NotionError.notFound("page", id);
    }
    return p;
  }

  /** The only data source of a database; databases with several cannot be used this way. */
  private DataSourceRecord singleSource(ApiRequest req, DatabaseRecord db) {
    if (db.dataSourceIds.size() > 1) {
      throw NotionError.validation(
          "Databases with multiple data sources are not supported in this API version. Use the"
              + " data source endpoints (Notion-Version 2025-09-03) with one of the data source"
              + " ids of database "
              + db.id
              + ".");
    }
    return visibleDataSource(req, db.dataSourceIds.get(0));
  }

  // ---- databases and data sources ----

  HttpReply getDatabase(ApiRequest req, String id) {
    synchronized (store) {
      DatabaseRecord db = visibleDatabase(req, id);
      if (req.version == ApiVersion.LEGACY) {
        singleSource(req, db);
      }
      return HttpReply.ok(renderer.database(db, req.version, req.grant::canSee));
    }
  }

  HttpReply getDataSource(ApiRequest req, String id) {
    requireDataSourceVersion(req);
    synchronized (store) {
      return HttpReply.ok(renderer.dataSource(visibleDataSource(req, id)));
    }
  }

  private static void requireDataSourceVersion(ApiRequest req) {
    if (req.version == ApiVersion.LEGACY) {
      throw NotionError.invalidUrl();
    }
  }

  HttpReply updateDataSource(ApiRequest req, String id) {
    requireDataSourceVersion(req);
    ObjectNode body = req.body();
    synchronized (store) {
      DataSourceRecord ds = visibleDataSource(req, id);
      if (body.path("title").isArray()) {
        ds.title =
            PropertyRenderer.plainText(PropertyCodec.richText(body.get("title"), "body.title"));
      }
      JsonNode props = body.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        ObjectNode existing = ds.property(e.getKey());
        JsonNode change = e.getValue();
        if (change.isNull()) {
          if (existing == null) {
            throw NotionError.validation(e.getKey() + " is not a property that exists.");
          }
          store.deleteProperty(ds.id, e.getKey());
        } else if (existing == null) {
          store.addProperty(ds.id, change.path("name").asText(e.getKey()), change);
        } else if (change.has("name") && Schema.typeOf(change) == null) {
          store.renameProperty(ds.id, e.getKey(), change.get("name").asText());
        } else {
          throw NotionError.validation(
              "The emulator only supports adding, renaming and removing properties.");
        }
      }
      ds.lastEditedTime = store.now();
      ds.lastEditedBy = req.grant.botUserId();
      return HttpReply.ok(renderer.dataSource(ds));
    }
  }

  HttpReply queryDataSource(ApiRequest req, String id) {
    requireDataSourceVersion(req);
    ObjectNode body = req.body();
    synchronized (store) {
      DataSourceRecord ds = visibleDataSource(req, id);
      return query(req, ds, body, "page_or_data_source");
    }
  }

  HttpReply queryDatabase(ApiRequest req, String id) {
    ObjectNode body = req.body();
    synchronized (store) {
      DataSourceRecord ds = singleSource(req, visibleDatabase(req, id));
      return query(req, ds, body, "page_or_database");
    }
  }

  private HttpReply query(ApiRequest req, DataSourceRecord ds, ObjectNode body, String type) {
    QueryValidator.validate(req, ds, body, store.clock());
    int pageSize = Paginator.pageSize(body.get("page_size"), "body.page_size");
    String cursor = cursor(body.get("start_cursor"), "body.start_cursor");
    checkTrashFlags(body);
    List<PageRecord> matched =
        queries.run(ds, store.pagesOf(ds.id), body.get("filter"), body.get("sorts"), false);
    Paginator.Slice<PageRecord> slice = paginator.slice(matched, p -> p.id, cursor, pageSize);
    Set<String> only = filterProperties(req);
    ArrayNode results = Json.array();
    for (PageRecord p : slice.items()) {
      results.add(renderer.page(p, req.version, true, only));
    }
    return HttpReply.ok(list(results, slice, type));
  }

  /**
   * Checks a query's {@code in_trash} and its deprecated alias {@code archived}. Notion documents
   * the field as a boolean and nothing more: {@code false} asks for what a query returns anyway,
   * live pages; what {@code true} returns (trashed pages only, or trashed pages too) is written
   * nowhere, so the emulator refuses it rather than answer something a client could come to rely
   * on.
   */
  private static void checkTrashFlags(ObjectNode body) {
    for (String key : new String[] {"in_trash", "archived"}) {
      JsonNode v = body.get(key);
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isBoolean()) {
        throw NotionError.bodyValidation("body." + key, "a boolean", PropertyCodec.describe(v));
      }
      if (v.asBoolean()) {
        throw NotionError.validation(
            "body."
                + key
                + " is `true`, which the emulator does not answer: Notion documents no meaning for"
                + " it on a query. A query returns the pages not in the trash; GET"
                + " /v1/pages/{id} tells whether a page is in the trash.");
      }
    }
  }

  private static String cursor(JsonNode node, String path) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (!node.isTextual()) {
      throw NotionError.bodyValidation(path, "a string", PropertyCodec.describe(node));
    }
    return node.asText();
  }

  private static Set<String> filterProperties(ApiRequest req) {
    List<String> values = req.params("filter_properties");
    if (values.isEmpty()) {
      return null;
    }
    Set<String> out = new HashSet<>();
    for (String v : values) {
      out.add(v);
      out.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static ObjectNode list(ArrayNode results, Paginator.Slice<?> slice, String type) {
    ObjectNode out = Json.object();
    out.put("object", "list");
    out.set("results", results);
    if (slice.nextCursor() == null) {
      out.putNull("next_cursor");
    } else {
      out.put("next_cursor", slice.nextCursor());
    }
    out.put("has_more", slice.hasMore());
    out.put("type", type);
    out.putObject(type);
    return out;
  }

  // ---- pages ----

  HttpReply createPage(ApiRequest req) {
    ObjectNode body = req.body();
    JsonNode parent = body.get("parent");
    if (parent == null || !parent.isObject()) {
      throw NotionError.bodyValidation("body.parent", "defined", "`undefined`");
    }
    synchronized (store) {
      DataSourceRecord ds;
      if (parent.hasNonNull("data_source_id")) {
        if (req.version == ApiVersion.LEGACY) {
          throw NotionError.bodyValidation(
              "body.parent.data_source_id",
              "not present",
              "`" + parent.get("data_source_id").asText() + "`");
        }
        ds = visibleDataSource(req, parent.get("data_source_id").asText());
      } else if (parent.hasNonNull("database_id")) {
        ds = singleSource(req, visibleDatabase(req, parent.get("database_id").asText()));
      } else {
        throw NotionError.validation(
            "The emulator only supports pages whose parent is a data source or database"
                + " (parent.data_source_id or parent.database_id).");
      }
      JsonNode props = body.has("properties") ? body.get("properties") : Json.object();
      PageSeed seed =
          new PageSeed(null, null, null, null, null, false, body.get("icon"), body.get("cover"));
      PageRecord page = store.createPage(ds.id, props, req.grant.botUserId(), false, seed);
      return HttpReply.ok(renderer.page(page, req.version, true, null));
    }
  }

  HttpReply getPage(ApiRequest req, String id) {
    synchronized (store) {
      PageRecord p = visiblePage(req, id);
      return HttpReply.ok(renderer.page(p, req.version, true, filterProperties(req)));
    }
  }

  HttpReply updatePage(ApiRequest req, String id) {
    ObjectNode body = req.body();
    Boolean inTrash = null;
    for (String key : new String[] {"archived", "in_trash"}) { // in_trash wins when both given
      JsonNode v = body.get(key);
      if (v != null && !v.isNull()) {
        if (!v.isBoolean()) {
          throw NotionError.bodyValidation("body." + key, "a boolean", PropertyCodec.describe(v));
        }
        inTrash = v.asBoolean();
      }
    }
    JsonNode props = body.get("properties");
    if (props != null && !props.isObject()) {
      throw NotionError.bodyValidation(
          "body.properties", "an object", PropertyCodec.describe(props));
    }
    synchronized (store) {
      PageRecord p = visiblePage(req, id);
      store.updatePage(
          p.id, props, inTrash, body.get("icon"), body.get("cover"), req.grant.botUserId(), false);
      return HttpReply.ok(renderer.page(p, req.version, true, null));
    }
  }

  HttpReply getPageProperty(ApiRequest req, String pageId, String rawPropertyId) {
    String propertyId = URLDecoder.decode(rawPropertyId, StandardCharsets.UTF_8);
    synchronized (store) {
      PageRecord p = visiblePage(req, pageId);
      DataSourceRecord ds = store.dataSource(p.dataSourceId);
      ObjectNode config = ds.property(rawPropertyId);
      if (config == null) {
        config = ds.property(propertyId);
      }
      if (config == null) {
        throw new NotionError(
            404, "object_not_found", "Could not find property with ID: " + rawPropertyId + ".");
      }
      String pid = config.get("id").asText();
      String type = config.get("type").asText();
      ObjectNode value = renderer.properties().render(p, ds, config, false);
      if (!Set.of("title", "rich_text", "relation", "people").contains(type)) {
        ObjectNode item = Json.object();
        item.put("object", "property_item");
        item.put("id", pid);
        item.put("type", type);
        item.set(type, value.get(type));
        return HttpReply.ok(item);
      }
      int pageSize = Paginator.pageSize(textNode(req.param("page_size")), "query.page_size");
      JsonNode all = value.get(type);
      List<Integer> indexes = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        indexes.add(i);
      }
      Paginator.Slice<Integer> slice =
          paginator.slice(
              indexes, i -> p.id + "/" + pid + "/" + i, req.param("start_cursor"), pageSize);
      ArrayNode results = Json.array();
      for (int i : slice.items()) {
        ObjectNode item = results.addObject();
        item.put("object", "property_item");
        item.put("id", pid);
        item.put("type", type);
        item.set(type, all.get(i));
      }
      ObjectNode out = list(results, slice, "property_item");
      ObjectNode descriptor = Json.object();
      descriptor.put("id", pid);
      if (slice.hasMore()) {
        descriptor.put(
            "next_url",
            baseUrl.get()
                + "/v1/pages/"
                + p.id
                + "/properties/"
                + pid
                + "?start_cursor="
                + slice.nextCursor());
      } else {
        descriptor.putNull("next_url");
      }
      descriptor.put("type", type);
      descriptor.putObject(type);
      out.set("property_item", descriptor);
      return HttpReply.ok(out);
    }
  }

  private static JsonNode textNode(String s) {
    return s == null ? null : Json.object().textNode(s);
  }

  // ---- search and users ----

  HttpReply search(ApiRequest req) {
    ObjectNode body = req.body();
    int pageSize = Paginator.pageSize(body.get("page_size"), "body.page_size");
    String cursor = cursor(body.get("start_cursor"), "body.start_cursor");
    String query = body.path("query").asText("").toLowerCase(Locale.ROOT);
    String only = body.path("filter").path("value").asText(null);
    String containerKind = req.version == ApiVersion.LEGACY ? "database" : "data_source";
    if (only != null && !only.equals("page") && !only.equals(containerKind)) {
      throw NotionError.bodyValidation(
          "body.filter.value", "`page` or `" + containerKind + "`", "`" + only + "`");
    }
    boolean ascending = "ascending".equals(body.path("sort").path("direction").asText());
    record Hit(String id, Instant edited, long order, Supplier<ObjectNode> render) {}
    synchronized (store) {
      List<Hit> hits = new ArrayList<>();
      if (only == null || only.equals("page")) {
        for (PageRecord p : store.allPages()) {
          DataSourceRecord ds = store.dataSource(p.dataSourceId);
          String title =
              PropertyRenderer.plainText(
                  renderer.properties().render(p, ds, ds.titleProperty(), false).get("title"));
          if (req.grant.canSee(p.dataSourceId)
              && !p.inTrash
              && title.toLowerCase(Locale.ROOT).contains(query)) {
            hits.add(
                new Hit(
                    p.id,
                    p.lastEditedTime,
                    p.sequence,
                    () -> renderer.page(p, req.version, true, null)));
          }
        }
      }
      if (only == null || !only.equals("page")) {
        for (DataSourceRecord ds : store.dataSources()) {
          if (!req.grant.canSee(ds.id) || !ds.title.toLowerCase(Locale.ROOT).contains(query)) {
            continue;
          }
          if (req.version == ApiVersion.LEGACY) {
            DatabaseRecord db = store.database(ds.databaseId);
            if (db.dataSourceIds.size() == 1) {
              hits.add(
                  new Hit(
                      db.id,
                      ds.lastEditedTime,
                      -1,
                      () -> renderer.database(db, req.version, req.grant::canSee)));
            }
          } else {
            hits.add(new Hit(ds.id, ds.lastEditedTime, -1, () -> renderer.dataSource(ds)));
          }
        }
      }
      Comparator<Hit> order = Comparator.comparing(Hit::edited);
      order = ascending ? order : order.reversed();
      hits.sort(order.thenComparing(Hit::order));
      Paginator.Slice<Hit> slice = paginator.slice(hits, Hit::id, cursor, pageSize);
      ArrayNode results = Json.array();
      slice.items().forEach(h -> results.add(h.render().get()));
      return HttpReply.ok(
          list(
              results,
              slice,
              req.version == ApiVersion.LEGACY ? "page_or_database" : "page_or_data_source"));
    }
  }

  HttpReply me(ApiRequest req) {
    return HttpReply.ok(store.user(req.grant.botUserId()));
  }

  HttpReply user(ApiRequest req, String id) {
    ObjectNode u = store.user(Ids.normalize(id) == null ? id : Ids.normalize(id));
    if (!u.has("type")) {
      throw NotionError.notFound("user", id);
    }
    return HttpReply.ok(u);
  }
}
