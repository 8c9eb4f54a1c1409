package com.chittysync.emulators.notion;

import com.chittysync.emulators.EmulatorClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The emulator's state: databases, data sources, pages and users. Every method is synchronized on
 * the store; callers that need a consistent view across several calls synchronize on it too.
 */
final class Store {
  private final EmulatorClock clock;
  private final Random random;
  private final Map<String, DatabaseRecord> databases = new LinkedHashMap<>();
  private final Map<String, DataSourceRecord> dataSources = new LinkedHashMap<>();
  private final Map<String, PageRecord> pages = new LinkedHashMap<>();
  private final Map<String, ObjectNode> users = new LinkedHashMap<>();
  private final List<Consumer<PageEvent>> listeners = new CopyOnWriteArrayList<>();
  private long sequence;

  Store(EmulatorClock clock, Random random) {
    this.clock = clock;
    this.random = random;
  }

  EmulatorClock clock() {
    return clock;
  }

  /** The current time rounded down to the minute, as Notion stamps objects. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MINUTES);
  }

  void addListener(Consumer<PageEvent> listener) {
    listeners.add(listener);
  }

  // ---- users ----

  synchronized void addUser(JsonNode user) {
    String id = Ids.normalize(user.path("id").asText(null));
    if (id == null) {
      throw new IllegalArgumentException("user needs a uuid id: " + user);
    }
    ObjectNode copy = ((ObjectNode) user).deepCopy();
    copy.put("object", "user");
    copy.put("id", id);
    ObjectNode existing = users.get(id);
    // Keep the richer object: a full user beats a partial {object,id} reference.
    if (existing == null || copy.size() >= existing.size()) {
      users.put(id, copy);
    }
  }

  /** The full user object if known, else the partial {@code {object,id}} reference. */
  synchronized ObjectNode user(String id) {
    ObjectNode u = users.get(id);
    if (u != null) {
      return u.deepCopy();
    }
    ObjectNode partial = Json.object();
    partial.put("object", "user");
    partial.put("id", id);
    return partial;
  }

  synchronized String userType(String id) {
    ObjectNode u = users.get(id);
    return u != null && "bot".equals(u.path("type").asText()) ? "bot" : "person";
  }

  // ---- databases and data sources ----

  synchronized DatabaseRecord createDatabase(String id, String title) {
    String dbId = id == null ? Ids.newId() : Ids.normalize(id);
    DatabaseRecord db = new DatabaseRecord(dbId, title, now());
    databases.put(dbId, db);
    return db;
  }

  synchronized DataSourceRecord createDataSource(
      String id, String databaseId, String title, JsonNode properties, String author) {
    DatabaseRecord db = databases.get(databaseId);
    if (db == null) {
      throw new IllegalArgumentException("no database " + databaseId);
    }
    String dsId = id == null ? Ids.newId() : Ids.normalize(id);
    DataSourceRecord ds = new DataSourceRecord(dsId, databaseId, title, now(), author);
    Map<String, ObjectNode> configs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ObjectNode config =
          Schema.normalize(e.getKey(), e.getValue(), null, random, this::databaseOfDataSource);
      configs.put(config.get("id").asText(), config);
    }
    Schema.requireOneTitle(configs);
    ds.properties.putAll(configs);
    resolveRollups(ds);
    dataSources.put(dsId, ds);
    db.dataSourceIds.add(dsId);
    return ds;
  }

  private String databaseOfDataSource(String dataSourceId) {
    DataSourceRecord ds = dataSources.get(dataSourceId);
    return ds == null ? null : ds.databaseId;
  }

  /** Fills the ids of a rollup's relation and target properties once both schemas exist. */
  private void resolveRollups(DataSourceRecord ds) {
    for (ObjectNode config : ds.properties.values()) {
      if (!"rollup".equals(config.path("type").asText())) {
        continue;
      }
      ObjectNode r = (ObjectNode) config.get("rollup");
      ObjectNode relation =
          ds.property(
              r.path("relation_property_name").asText(r.path("relation_property_id").asText()));
      if (relation == null) {
        continue;
      }
      r.put("relation_property_name", relation.get("name").asText());
      r.put("relation_property_id", relation.get("id").asText());
      DataSourceRecord target =
          dataSources.get(relation.path("relation").path("data_source_id").asText());
      ObjectNode targetProp =
          target == null
              ? null
              : target.property(
                  r.path("rollup_property_name").asText(r.path("rollup_property_id").asText()));
      if (targetProp != null) {
        r.put("rollup_property_name", targetProp.get("name").asText());
        r.put("rollup_property_id", targetProp.get("id").asText());
      }
    }
  }

  /**
   * Fills relation targets' database ids and rollup property ids that could not be resolved when
   * their data source was created before its targets (as in a seed file).
   */
  synchronized void resolveReferences() {
    for (DataSourceRecord ds : dataSources.values()) {
      for (ObjectNode config : ds.properties.values()) {
        if ("relation".equals(config.path("type").asText())) {
          ObjectNode r = (ObjectNode) config.get("relation");
          if (r.path("database_id").isNull() && r.hasNonNull("data_source_id")) {
            r.put("database_id", databaseOfDataSource(r.get("data_source_id").asText()));
          }
        }
      }
      resolveRollups(ds);
    }
  }

  synchronized DatabaseRecord database(String id) {
    return databases.get(Ids.normalize(id));
  }

  synchronized DataSourceRecord dataSource(String id) {
    return dataSources.get(Ids.normalize(id));
  }

  synchronized List<DatabaseRecord> allDatabases() {
    return new ArrayList<>(databases.values());
  }

  synchronized List<DataSourceRecord> dataSources() {
    return new ArrayList<>(dataSources.values());
  }

  synchronized void addProperty(String dataSourceId, String name, JsonNode config) {
    DataSourceRecord ds = requireDataSource(dataSourceId);
    if (ds.property(name) != null) {
      throw new IllegalArgumentException("property exists: " + name);
    }
    ObjectNode c = Schema.normalize(name, config, null, random, this::databaseOfDataSource);
    ds.properties.put(c.get("id").asText(), c);
    resolveRollups(ds);
    ds.lastEditedTime = now();
  }

  synchronized void renameProperty(String dataSourceId, String nameOrId, String newName) {
    DataSourceRecord ds = requireDataSource(dataSourceId);
    ObjectNode c = requireProperty(ds, nameOrId);
    c.put("name", newName);
    ds.lastEditedTime = now();
  }

  /** Removes a property from the schema; page values for it disappear, as in Notion. */
  synchronized void deleteProperty(String dataSourceId, String nameOrId) {
    DataSourceRecord ds = requireDataSource(dataSourceId);
    ObjectNode c = requireProperty(ds, nameOrId);
    if ("title".equals(c.path("type").asText())) {
      throw new IllegalArgumentException("the title property cannot be deleted");
    }
    String id = c.get("id").asText();
    ds.properties.remove(id);
    for (PageRecord p : pages.values()) {
      if (p.dataSourceId.equals(ds.id)) {
        p.values.remove(id);
      }
    }
    ds.lastEditedTime = now();
  }

  private static ObjectNode requireProperty(DataSourceRecord ds, String nameOrId) {
    ObjectNode c = ds.property(nameOrId);
    if (c == null) {
      throw new IllegalArgumentException("no property " + nameOrId + " in " + ds.id);
    }
    return c;
  }

  private DataSourceRecord requireDataSource(String id) {
    DataSourceRecord ds = dataSource(id);
    if (ds == null) {
      throw new IllegalArgumentException("no data source " + id);
    }
    return ds;
  }

  // ---- pages ----

  synchronized PageRecord page(String id) {
    String n = Ids.normalize(id);
    return n == null ? null : pages.get(n);
  }

  /** Pages of a data source in creation order, trashed ones included. */
  synchronized List<PageRecord> pagesOf(String dataSourceId) {
    List<PageRecord> out = new ArrayList<>();
    for (PageRecord p : pages.values()) {
      if (p.dataSourceId.equals(dataSourceId)) {
        out.add(p);
      }
    }
    return out;
  }

  synchronized List<PageRecord> allPages() {
    return new ArrayList<>(pages.values());
  }

  /**
   * Creates a page after validating every property.
   *
   * @param lenient accept read-only types and read shapes (helpers and seeds)
   */
  synchronized PageRecord createPage(
      String dataSourceId, JsonNode properties, String author, boolean lenient, PageSeed seed) {
    DataSourceRecord ds = requireDataSource(dataSourceId);
    List<Runnable> commits = new ArrayList<>();
    Map<String, JsonNode> decoded = decodeAll(ds, properties, lenient, commits);
    commits.forEach(Runnable::run);
    Instant now = now();
    String id = seed.id() == null ? Ids.newId() : Ids.normalize(seed.id());
    if (pages.containsKey(id)) {
      throw new IllegalArgumentException("page exists: " + id);
    }
    PageRecord page = new PageRecord(id, ds.id, ++sequence, now, author);
    page.createdTime = seed.createdTime() == null ? now : seed.createdTime();
    page.lastEditedTime = seed.lastEditedTime() == null ? page.createdTime : seed.lastEditedTime();
    page.createdBy = Objects.requireNonNullElse(seed.createdBy(), author);
    page.lastEditedBy = Objects.requireNonNullElse(seed.lastEditedBy(), author);
    page.inTrash = seed.inTrash();
    page.icon = seed.icon() == null ? NullNode.instance : seed.icon();
    page.cover = seed.cover() == null ? NullNode.instance : seed.cover();
    for (ObjectNode config : ds.properties.values()) {
      String pid = config.get("id").asText();
      String type = config.get("type").asText();
      if (decoded.containsKey(pid)) {
        page.values.put(pid, decoded.get(pid));
      } else if ("unique_id".equals(type)) {
        ObjectNode uid = Json.object();
        uid.put("number", ds.nextUniqueId);
        uid.set("prefix", config.get("unique_id").get("prefix"));
        page.values.put(pid, uid);
      } else if ("status".equals(type) && config.get("status").get("options").size() > 0) {
        // New rows get the first option of the status (Notion's default, "Not started").
        page.values.put(pid, Schema.optionRef(config.get("status").get("options").get(0)));
      }
      if ("unique_id".equals(type)) {
        JsonNode n = page.values.get(pid).path("number");
        ds.nextUniqueId = Math.max(ds.nextUniqueId, n.asInt(0) + 1);
      }
    }
    pages.put(id, page);
    fire("page.created", page, List.of(), author);
    if (page.inTrash) {
      fire("page.deleted", page, List.of(), author);
    }
    return page;
  }

  /**
   * Updates a page: only the given properties change, arrays are replaced. A change of {@code
   * inTrash} moves the page to or from the trash. Any write bumps {@code last_edited_time}.
   */
  synchronized PageRecord updatePage(
      String pageId,
      JsonNode properties,
      Boolean inTrash,
      JsonNode icon,
      JsonNode cover,
      String author,
      boolean lenient) {
    PageRecord page = page(pageId);
    DataSourceRecord ds = dataSources.get(page.dataSourceId);
    boolean touchesContent =
        (properties != null && properties.size() > 0) || icon != null || cover != null;
    if (page.inTrash && touchesContent && !Boolean.FALSE.equals(inTrash)) {
      throw NotionError.validation(
          "Can't edit block that is archived. You must unarchive the block before editing.");
    }
    List<Runnable> commits = new ArrayList<>();
    Map<String, JsonNode> decoded =
        properties == null ? Map.of() : decodeAll(ds, properties, lenient, commits);
    commits.forEach(Runnable::run);
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : decoded.entrySet()) {
      JsonNode before = page.values.get(e.getKey());
      if (!e.getValue().equals(before)) {
        changed.add(e.getKey());
      }
      page.values.put(e.getKey(), e.getValue());
    }
    if (icon != null) {
      page.icon = icon;
    }
    if (cover != null) {
      page.cover = cover;
    }
    page.lastEditedTime = now();
    page.lastEditedBy = author;
    if (inTrash != null && inTrash != page.inTrash) {
      page.inTrash = inTrash;
      fire(inTrash ? "page.deleted" : "page.undeleted", page, List.of(), author);
    }
    if (!changed.isEmpty()) {
      fire("page.properties_updated", page, changed, author);
    }
    return page;
  }

  /** Sets a page's timestamps directly (e.g. to build a history in a seed or test). */
  synchronized void setTimes(String pageId, Instant created, Instant lastEdited) {
    PageRecord page = page(pageId);
    if (created != null) {
      page.createdTime = created;
    }
    if (lastEdited != null) {
      page.lastEditedTime = lastEdited;
    }
  }

  private Map<String, JsonNode> decodeAll(
      DataSourceRecord ds, JsonNode properties, boolean lenient, List<Runnable> commits) {
    if (!properties.isObject()) {
      throw NotionError.bodyValidation(
          "body.properties", "an object", PropertyCodec.describe(properties));
    }
    PropertyCodec codec = new PropertyCodec(lenient, commits, this::addUserQuietly);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ObjectNode config = ds.property(e.getKey());
      if (config == null) {
        throw NotionError.validation(e.getKey() + " is not a property that exists.");
      }
      out.put(config.get("id").asText(), codec.decode(e.getKey(), config, e.getValue()));
    }
    return out;
  }

  private void addUserQuietly(JsonNode user) {
    addUser(user);
  }

  private void fire(String type, PageRecord page, List<String> changed, String author) {
    DataSourceRecord ds = dataSources.get(page.dataSourceId);
    PageEvent event =
        new PageEvent(
            type,
            page.id,
            ds.id,
            ds.databaseId,
            author,
            userType(author),
            List.copyOf(changed),
            clock.instant());
    for (Consumer<PageEvent> l : listeners) {
      l.accept(event);
    }
  }
}
