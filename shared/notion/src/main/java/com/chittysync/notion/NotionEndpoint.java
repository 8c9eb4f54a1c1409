package com.chittysync.notion;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointCapabilities;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.SnapshotLookup;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry's endpoint in one Notion data source. Pages are matched to records by the key
 * property, never by page id alone, so a create can be recognised after a crash or a timeout: the
 * key is written on create, and a create whose outcome is unknown is looked up by key first.
 */
public final class NotionEndpoint implements Endpoint {
  /** Ops per journal batch: about seven seconds of writes at Notion's average rate. */
  static final int MAX_BATCH = 20;

  private static final int REFERENCES_IN_PAGE = 25;

  /** How far before a read the next incremental read starts (clock skew, index lag). */
  static final java.time.Duration CURSOR_MARGIN = java.time.Duration.ofMinutes(2);

  private final NotionSettings settings;
  private final NotionClient client;
  private final String registry;
  private final List<RelatedRegistry> registries;
  private final Optional<SnapshotLookup> snapshots;
  private final PageReader pages;
  private final VanishedKeys vanishedKeys;
  private volatile DataSource source;
  private volatile Map<String, Known> index;
  // After an incremental read the index knows only what changed: a create first looks for the key.
  private volatile boolean partialIndex;

  /**
   * A data source's id, its property schema (name to id and type), and the relations whose values
   * are another registry's keys (by canonical field).
   */
  record DataSource(
      String id,
      String title,
      Map<String, Property> properties,
      Map<String, RelationKeys> relations) {}

  /** One property of the schema. */
  record Property(String id, String name, String type) {}

  /** What a key was last seen to hold here. */
  private record Known(String pageId, CanonicalRecord record) {}

  /**
   * @param settings the endpoint's validated config
   * @param client the Notion client
   * @param registry the name of the registry this endpoint belongs to
   * @param registries the registries kept in Notion data sources, for relations that point at one
   * @param snapshots what the last syncs recorded, where related registries' page ids are known
   *     (empty without a state)
   */
  NotionEndpoint(
      NotionSettings settings,
      NotionClient client,
      String registry,
      List<RelatedRegistry> registries,
      Optional<SnapshotLookup> snapshots) {
    this.settings = settings;
    this.client = client;
    this.registry = registry;
    this.registries = List.copyOf(registries);
    this.snapshots = snapshots;
    this.pages = new PageReader(client);
    this.vanishedKeys = new VanishedKeys(snapshots, registry, settings.name(), client, pages);
  }

  NotionEndpoint(NotionSettings settings, NotionClient client) {
    this(settings, client, "", List.of(), Optional.empty());
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public EndpointCapabilities capabilities() {
    Set<String> readOnly = new HashSet<>();
    DataSource ds = source;
    if (ds != null) {
      settings
          .properties()
          .forEach(
              (field, name) -> {
                Property p = ds.properties().get(name);
                if (p != null && PropertyCodec.READ_ONLY.contains(p.type())) {
                  readOnly.add(field);
                }
              });
    }
    return new EndpointCapabilities(true, MAX_BATCH, readOnly);
  }

  @Override
  public void check() {
    source();
  }

  /** The data source and its schema, resolved and checked once. */
  DataSource source() {
    DataSource ds = source;
    if (ds == null) {
      synchronized (this) {
        if (source == null) {
          source = resolve();
        }
        ds = source;
      }
    }
    return ds;
  }

  private DataSource resolve() {
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

  /** The registry whose keys a field's relation holds, if it holds keys rather than page ids. */
  Optional<String> relatedRegistry(String field) {
    return Optional.ofNullable(source().relations().get(field)).map(r -> r.target().registry());
  }

  @Override
  public FetchResult fetch(FetchRequest request) {
    DataSource ds = source();
    // The next read starts a little before this one: edits are stamped to the minute by Notion's
    // clock, and its query index may lag; the overlap is read again and settles by content hash.
    String nextCursor =
        Instant.now()
            .minus(CURSOR_MARGIN)
            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
            .toString();
    if (request.full() || request.cursor().isEmpty()) {
      return readAll(ds, nextCursor);
    }
    Reading changed = read(ds, editedSince(request.cursor().get()));
    Set<String> returned = new HashSet<>(changed.seen().keySet());
    changed.problems().forEach(p -> returned.add(p.key()));
    returned.remove(null);
    Set<String> recheck = new java.util.TreeSet<>(request.recheck());
    recheck.removeAll(returned);
    Set<String> rechecked = new HashSet<>();
    if (!recheck.isEmpty()) {
      // Records waiting for a person were read by an earlier run and may not have changed since:
      // read them by key, so that this run reports them as they are.
      Reading again = readKeys(ds, recheck);
      changed = changed.and(again);
      again.seen().keySet().forEach(rechecked::add);
      again.problems().forEach(p -> rechecked.add(p.key()));
      returned.addAll(rechecked);
    }
    Property keyProperty = ds.properties().get(settings.keyProperty());
    Optional<Set<String>> vanished =
        vanishedKeys.find(ds.id(), keyProperty.id(), page -> keyOf(ds, page), returned);
    if (vanished.isEmpty()) {
      // Which quiet records are gone cannot be told apart here: read them all, as a full scan.
      return readAll(ds, nextCursor);
    }
    if (index != null) {
      index.putAll(changed.seen());
      vanished.get().forEach(index::remove);
    } else {
      index = new ConcurrentHashMap<>(changed.seen());
      partialIndex = true;
    }
    Set<String> deleted = new HashSet<>(vanished.get());
    // A rechecked key no live page holds is not held here (a trashed page, or one never created).
    recheck.stream().filter(k -> !rechecked.contains(k)).forEach(deleted::add);
    return new FetchResult(
        changed.records(), false, Optional.of(nextCursor), changed.problems(), deleted);
  }

  /** The most conditions one compound filter may hold (API-NOTES §2.2). */
  private static final int KEYS_PER_QUERY = 100;

  /** Reads the live pages whose key is one of {@code keys}. */
  private Reading readKeys(DataSource ds, Set<String> keys) {
    Property keyProperty = ds.properties().get(settings.keyProperty());
    Reading out = new Reading(List.of(), List.of(), Map.of());
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
      ObjectNode filter = Json.mapper().createObjectNode();
      com.fasterxml.jackson.databind.node.ArrayNode or = filter.putArray("or");
      for (String key : all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY))) {
        ObjectNode condition = or.addObject();
        condition.put("property", keyProperty.id());
        condition.putObject(keyProperty.type()).put("equals", key);
      }
      out = out.and(read(ds, filter));
    }
    return out;
  }

  /** A complete read: every live page, so that a record missing from it is gone. */
  private FetchResult readAll(DataSource ds, String nextCursor) {
    Reading all = read(ds, null);
    index = new ConcurrentHashMap<>(all.seen());
    partialIndex = false;
    return new FetchResult(all.records(), true, Optional.of(nextCursor), all.problems());
  }

  /**
   * The filter of pages edited since {@code cursor}. Timestamps are cut to the minute: "on or
   * after" the last one seen reads that minute again, so an edit later in the same minute is not
   * missed; what did not change since settles by content hash.
   */
  private static ObjectNode editedSince(String cursor) {
    ObjectNode filter = Json.mapper().createObjectNode();
    filter.put("timestamp", "last_edited_time");
    filter.putObject("last_edited_time").put("on_or_after", cursor);
    return filter;
  }

  /**
   * What one read found: the records, the pages that could not be records, and what each key's page
   * holds.
   */
  private record Reading(
      List<RemoteRecord> records, List<RecordProblem> problems, Map<String, Known> seen) {
    /** This reading with {@code other}'s records, which are other keys. */
    Reading and(Reading other) {
      List<RemoteRecord> records = new ArrayList<>(this.records);
      records.addAll(other.records);
      List<RecordProblem> problems = new ArrayList<>(this.problems);
      problems.addAll(other.problems);
      Map<String, Known> seen = new HashMap<>(this.seen);
      seen.putAll(other.seen);
      return new Reading(records, problems, seen);
    }
  }

  /** Reads the live pages {@code filter} selects (all when null). */
  private Reading read(DataSource ds, ObjectNode filter) {
    List<RemoteRecord> records = new ArrayList<>();
    List<RecordProblem> problems = new ArrayList<>();
    Map<String, Known> seen = new HashMap<>();
    Set<String> duplicated = new HashSet<>();
    String cursor = null;
    do {
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("page_size", 100);
      if (cursor != null) {
        body.put("start_cursor", cursor);
      }
      if (filter != null) {
        body.set("filter", filter);
      }
      JsonNode page = client.query("/v1/data_sources/" + ds.id() + "/query", body);
      for (JsonNode p : page.path("results")) {
        if (!"page".equals(p.path("object").asText()) || p.path("in_trash").asBoolean(false)) {
          continue;
        }
        CanonicalRecord record = toRecord(ds, p);
        String pageId = p.path("id").asText();
        if (record == null) {
          problems.add(
              new RecordProblem(
                  null,
                  pageId,
                  List.of(
                      new RecordProblem.FieldError(
                          "/" + settings.keyField(),
                          "page "
                              + pageId
                              + " has no value in its key property '"
                              + settings.keyProperty()
                              + "'"))));
          continue;
        }
        if (seen.putIfAbsent(record.key(), new Known(pageId, record)) != null) {
          duplicated.add(record.key());
          continue;
        }
        Optional<Instant> modified = Optional.empty();
        if (p.hasNonNull("last_edited_time")) {
          modified = Optional.of(Instant.parse(p.get("last_edited_time").asText()));
        }
        records.add(new RemoteRecord(pageId, record, modified));
      }
      cursor =
          page.path("has_more").asBoolean(false) ? page.path("next_cursor").asText(null) : null;
    } while (cursor != null);
    if (!duplicated.isEmpty()) {
      // Two pages claim one key: neither is trusted until a person removes the duplicate.
      records.removeIf(r -> duplicated.contains(r.key()));
      for (String key : duplicated) {
        problems.add(
            new RecordProblem(
                key,
                seen.get(key).pageId(),
                List.of(
                    new RecordProblem.FieldError(
                        "/" + settings.keyField(),
                        "several pages hold key '" + key + "'; remove the duplicates in Notion"))));
      }
    }
    if (!ds.relations().isEmpty()) {
      records = relationsAsKeys(ds, records, seen, problems);
    }
    return new Reading(records, problems, seen);
  }

  /**
   * Turns the page ids of relations to registries into those registries' keys. A record that refers
   * to a page with no key (gone, in the trash, key empty) is quarantined with a report rather than
   * synced with the reference missing.
   */
  private List<RemoteRecord> relationsAsKeys(
      DataSource ds,
      List<RemoteRecord> records,
      Map<String, Known> seen,
      List<RecordProblem> problems) {
    for (RelationKeys keys : ds.relations().values()) {
      RelatedRegistry target = keys.target();
      if (target.registry().equals(registry) && target.endpoint().equals(settings.name())) {
        seen.forEach((key, known) -> keys.learn(known.pageId(), key));
      }
    }
    List<RemoteRecord> converted = new ArrayList<>(records.size());
    for (RemoteRecord r : records) {
      List<RecordProblem.FieldError> errors = new ArrayList<>();
      Optional<CanonicalRecord> record = withRelationKeys(ds, r.record(), errors);
      if (record.isEmpty()) {
        problems.add(new RecordProblem(r.key(), r.remoteId(), errors));
        seen.remove(r.key());
        continue;
      }
      seen.put(r.key(), new Known(r.remoteId(), record.get()));
      converted.add(new RemoteRecord(r.remoteId(), record.get(), r.modifiedAt()));
    }
    return converted;
  }

  /**
   * {@code record} with the page ids of its relations to registries turned into their keys; empty,
   * with {@code errors} saying why, when one refers to a page that holds no key.
   */
  private Optional<CanonicalRecord> withRelationKeys(
      DataSource ds, CanonicalRecord record, List<RecordProblem.FieldError> errors) {
    Map<String, JsonNode> changes = new HashMap<>();
    for (Map.Entry<String, RelationKeys> e : ds.relations().entrySet()) {
      JsonNode ids = record.get(e.getKey());
      if (ids == null || !ids.isArray()) {
        continue;
      }
      ArrayNode out = Json.mapper().createArrayNode();
      for (JsonNode id : ids) {
        Optional<String> key = e.getValue().key(id.asText());
        if (key.isPresent()) {
          out.add(key.get());
        } else {
          errors.add(
              new RecordProblem.FieldError(
                  "/" + e.getKey(),
                  "relation '"
                      + settings.properties().get(e.getKey())
                      + "' points at page "
                      + id.asText()
                      + ", which holds no record of registry '"
                      + e.getValue().target().registry()
                      + "' (gone, in the trash, or its key is empty)"));
        }
      }
      changes.put(e.getKey(), out);
    }
    return errors.isEmpty() ? Optional.of(record.with(changes)) : Optional.empty();
  }

  /** The key a page holds, read as a fetch reads it; empty when its key property is empty. */
  private Optional<String> keyOf(DataSource ds, JsonNode page) {
    JsonNode value = page.path("properties").get(settings.keyProperty());
    if (value == null) {
      return Optional.empty();
    }
    JsonNode key = PropertyCodec.read(complete(page, ds, settings.keyProperty(), value));
    return key == null || key.asText().isBlank() ? Optional.empty() : Optional.of(key.asText());
  }

  /** The record a page holds, or null when its key is empty. */
  private CanonicalRecord toRecord(DataSource ds, JsonNode page) {
    Map<String, JsonNode> fields = new TreeMap<>();
    JsonNode props = page.path("properties");
    for (Map.Entry<String, String> e : settings.properties().entrySet()) {
      JsonNode value = props.get(e.getValue());
      if (value == null) {
        continue;
      }
      JsonNode canonical = PropertyCodec.read(complete(page, ds, e.getValue(), value));
      if (canonical != null) {
        fields.put(e.getKey(), canonical);
      }
    }
    JsonNode key = fields.get(settings.keyField());
    if (key == null || key.asText().isBlank()) {
      return null;
    }
    String keyText = key.asText();
    fields.put(settings.keyField(), Json.mapper().getNodeFactory().textNode(keyText));
    return new CanonicalRecord(keyText, fields);
  }

  /**
   * The whole value of a property: page objects carry at most 25 references of title, rich text,
   * relation and people values; the rest are read through the property-item endpoint.
   */
  private JsonNode complete(JsonNode page, DataSource ds, String name, JsonNode value) {
    String type = value.path("type").asText();
    if (!PropertyCodec.PAGINATED.contains(type)) {
      return value;
    }
    JsonNode items = value.path(type);
    boolean truncated =
        value.path("has_more").asBoolean(false)
            || (items.isArray() && items.size() >= REFERENCES_IN_PAGE);
    if (!truncated) {
      return value;
    }
    Property property = ds.properties().get(name);
    String propertyId = property != null ? property.id() : value.path("id").asText();
    ArrayNode all = Json.mapper().createArrayNode();
    String cursor = null;
    do {
      String path =
          "/v1/pages/"
              + page.path("id").asText()
              + "/properties/"
              + URLEncoder.encode(propertyId, StandardCharsets.UTF_8)
              + "?page_size=100"
              + (cursor == null
                  ? ""
                  : "&start_cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      JsonNode list = client.get(path);
      for (JsonNode item : list.path("results")) {
        JsonNode one = item.get(type);
        if (one != null) {
          all.add(one);
        }
      }
      cursor =
          list.path("has_more").asBoolean(false) ? list.path("next_cursor").asText(null) : null;
    } while (cursor != null);
    ObjectNode whole = Json.mapper().createObjectNode();
    whole.put("type", type);
    whole.set(type, all);
    return whole;
  }

  @Override
  public List<OpResult> apply(List<Op> ops) {
    DataSource ds = source();
    if (index == null) {
      // Finishing an interrupted plan: learn what the data source holds before judging any op.
      fetch(FetchRequest.fullScan());
    }
    List<OpResult> results = new ArrayList<>(ops.size());
    for (Op op : ops) {
      results.add(applyOne(ds, op));
    }
    return results;
  }

  private OpResult applyOne(DataSource ds, Op op) {
    try {
      if (op instanceof Op.Create create) {
        return create(ds, create);
      }
      if (op instanceof Op.Update update) {
        return update(ds, update);
      }
      return delete(ds, (Op.Delete) op);
    } catch (PropertyCodec.Unwritable e) {
      return OpResult.failed(op.opNo(), "key '" + op.key() + "': " + e.getMessage());
    } catch (NotionApiException e) {
      if (e.unauthorized()) {
        throw e;
      }
      return OpResult.failed(op.opNo(), e.getMessage());
    }
  }

  private OpResult create(DataSource ds, Op.Create create) throws PropertyCodec.Unwritable {
    Known known = index.get(create.key());
    if (known == null && partialIndex) {
      Optional<JsonNode> existing = findByKey(ds, create.key());
      if (existing.isPresent()) {
        String pageId = existing.get().path("id").asText();
        Optional<CanonicalRecord> held = recordOf(ds, existing.get());
        if (held.isEmpty()) {
          return OpResult.stale(
              create.opNo(),
              "a page with key '" + create.key() + "' exists already (" + pageId + ")");
        }
        known = new Known(pageId, held.get());
      }
    }
    if (known != null) {
      return holds(known.record(), create.target(), true)
          ? OpResult.alreadyApplied(create.opNo(), known.pageId())
          : OpResult.stale(
              create.opNo(),
              "a page with key '" + create.key() + "' exists already (" + known.pageId() + ")");
    }
    ObjectNode properties = Json.mapper().createObjectNode();
    for (Map.Entry<String, JsonNode> field : create.target().fields().entrySet()) {
      putProperty(ds, properties, field.getKey(), field.getValue());
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.putObject("parent").put("data_source_id", ds.id());
    body.set("properties", properties);
    for (int attempt = 0; ; attempt++) {
      try {
        JsonNode page = client.create("/v1/pages", body);
        String pageId = page.path("id").asText();
        index.put(create.key(), new Known(pageId, represent(create.target())));
        return OpResult.applied(create.opNo(), pageId);
      } catch (NotionApiException e) {
        if (!e.outcomeUnknown() || attempt >= settings.maxRetries()) {
          throw e;
        }
        // The page may exist although no answer said so: find it by key before trying again.
        Optional<JsonNode> existing = findByKey(ds, create.key());
        if (existing.isPresent()) {
          String pageId = existing.get().path("id").asText();
          index.put(create.key(), new Known(pageId, represent(create.target())));
          return OpResult.alreadyApplied(create.opNo(), pageId);
        }
      }
    }
  }

  private OpResult update(DataSource ds, Op.Update update) throws PropertyCodec.Unwritable {
    Current now = current(ds, update.key(), update.remoteId());
    if (now.known() == null) {
      return OpResult.stale(update.opNo(), now.why());
    }
    Known known = now.known();
    if (holds(known.record(), update.target(), false)) {
      return OpResult.alreadyApplied(update.opNo(), known.pageId());
    }
    if (!holds(known.record(), update.expected(), false)) {
      return OpResult.stale(update.opNo(), "the page changed since the plan was made");
    }
    ObjectNode properties = Json.mapper().createObjectNode();
    for (Map.Entry<String, JsonNode> change : update.changes().entrySet()) {
      putProperty(ds, properties, change.getKey(), change.getValue());
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.set("properties", properties);
    client.patch("/v1/pages/" + known.pageId(), body);
    index.put(update.key(), new Known(known.pageId(), represent(update.target())));
    return OpResult.applied(update.opNo(), known.pageId());
  }

  private OpResult delete(DataSource ds, Op.Delete delete) {
    Current now = current(ds, delete.key(), delete.remoteId());
    if (now.gone()) {
      return OpResult.alreadyApplied(delete.opNo(), delete.remoteId());
    }
    if (now.known() == null) {
      return OpResult.stale(delete.opNo(), now.why());
    }
    Known known = now.known();
    if (!holds(known.record(), delete.expected(), false)) {
      return OpResult.stale(delete.opNo(), "the page changed since the plan was made");
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("in_trash", true);
    client.patch("/v1/pages/" + known.pageId(), body);
    index.remove(delete.key());
    return OpResult.applied(delete.opNo(), known.pageId());
  }

  /**
   * What the page of a key holds now, or why no page holds it.
   *
   * @param known the page and its record, when a live page holds the key
   * @param gone whether the page is gone (deleted, in the trash, moved out of the data source)
   * @param why when {@code known} is null, why, for the run report
   */
  private record Current(Known known, boolean gone, String why) {}

  /**
   * What the page of {@code key} holds now. A page the last read returned is taken as it read; one
   * it did not return (an incremental read returns only what changed) is read by id, or looked up
   * by key when the op knows no id, because Notion has no conditional write to check the op's
   * precondition against.
   */
  private Current current(DataSource ds, String key, String pageId) {
    Known known = index.get(key);
    if (known != null) {
      return new Current(known, false, null);
    }
    Optional<JsonNode> page =
        pageId == null || pageId.isBlank() ? findByKey(ds, key) : pages.live(pageId, ds.id());
    if (page.isEmpty()) {
      return new Current(
          null,
          true,
          "the page of key '"
              + key
              + "' is gone (deleted, in the trash, or moved out of the data source)");
    }
    String id = page.get().path("id").asText();
    Optional<String> holds = keyOf(ds, page.get());
    if (!holds.equals(Optional.of(key))) {
      return new Current(
          null,
          false,
          "page "
              + id
              + " of key '"
              + key
              + "' now holds "
              + holds.map(k -> "key '" + k + "'").orElse("no key"));
    }
    Optional<CanonicalRecord> record = recordOf(ds, page.get());
    if (record.isEmpty()) {
      return new Current(
          null, false, "page " + id + " of key '" + key + "' refers to pages that hold no record");
    }
    known = new Known(id, record.get());
    index.put(key, known);
    return new Current(known, false, null);
  }

  /** The record a page object holds, its relations as keys; empty when it cannot be read so. */
  private Optional<CanonicalRecord> recordOf(DataSource ds, JsonNode page) {
    CanonicalRecord record = toRecord(ds, page);
    if (record == null) {
      return Optional.empty();
    }
    return ds.relations().isEmpty()
        ? Optional.of(record)
        : withRelationKeys(ds, record, new ArrayList<>());
  }

  /** The live page that holds {@code key}, found by a query. */
  private Optional<JsonNode> findByKey(DataSource ds, String key) {
    Property keyProperty = ds.properties().get(settings.keyProperty());
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode filter = body.putObject("filter");
    filter.put("property", keyProperty.id());
    filter.putObject(keyProperty.type()).put("equals", key);
    body.put("page_size", 10);
    JsonNode answer = client.query("/v1/data_sources/" + ds.id() + "/query", body);
    for (JsonNode page : answer.path("results")) {
      if (!page.path("in_trash").asBoolean(false)) {
        return Optional.of(page);
      }
    }
    return Optional.empty();
  }

  private void putProperty(DataSource ds, ObjectNode properties, String field, JsonNode value)
      throws PropertyCodec.Unwritable {
    String name = settings.properties().get(field);
    if (name == null) {
      return;
    }
    Property p = ds.properties().get(name);
    if (p == null || PropertyCodec.READ_ONLY.contains(p.type())) {
      return;
    }
    RelationKeys keys = ds.relations().get(field);
    if (keys != null && value != null && value.isArray()) {
      value = pageIds(keys, value);
    }
    try {
      properties.set(p.id(), PropertyCodec.write(p.type(), value));
    } catch (PropertyCodec.Unwritable e) {
      throw new PropertyCodec.Unwritable("field '" + field + "' (" + name + "): " + e.getMessage());
    }
  }

  /** The pages of a related registry that hold {@code keys}, in order. */
  private static JsonNode pageIds(RelationKeys keys, JsonNode value)
      throws PropertyCodec.Unwritable {
    ArrayNode ids = Json.mapper().createArrayNode();
    for (JsonNode key : value) {
      String page =
          keys.page(key.asText())
              .orElseThrow(
                  () ->
                      new PropertyCodec.Unwritable(
                          "no page of registry '"
                              + keys.target().registry()
                              + "' holds key '"
                              + key.asText()
                              + "' yet; the relation is written once that record exists"));
      ids.add(page);
    }
    return ids;
  }

  /**
   * The record as Notion holds it once written: each mapped, writable property's value written and
   * read back through the same codec a write and a fetch use (a checkbox without a value is false,
   * empty text is no text, a one-item multi-select is a list, a plain date object is its start),
   * page and user ids in Notion's dashed form. Read-only and unmapped fields, and values Notion
   * cannot hold, are kept as given. Reads nothing from Notion but the schema, which {@link #check}
   * has resolved already.
   */
  @Override
  public CanonicalRecord represent(CanonicalRecord record) {
    DataSource ds = source();
    Map<String, JsonNode> held = new HashMap<>();
    for (Map.Entry<String, String> e : settings.properties().entrySet()) {
      Property p = ds.properties().get(e.getValue());
      if (p == null || PropertyCodec.READ_ONLY.contains(p.type())) {
        continue;
      }
      JsonNode value;
      try {
        value = PropertyCodec.represent(p.type(), record.get(e.getKey()));
      } catch (PropertyCodec.Unwritable unwritable) {
        continue; // the write fails with the reason; nothing to anticipate
      }
      boolean pageIds = p.type().equals("relation") && !ds.relations().containsKey(e.getKey());
      if (value != null && (pageIds || p.type().equals("people"))) {
        value = dashed(value);
      }
      held.put(e.getKey(), value);
    }
    return record.with(held);
  }

  /** Ids as Notion answers them: dashed, lower case. */
  private static JsonNode dashed(JsonNode ids) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (JsonNode id : ids) {
      out.add(NotionSettings.isId(id.asText()) ? NotionSettings.dashed(id.asText()) : id.asText());
    }
    return out;
  }

  /**
   * Whether {@code held} (what a page holds) holds {@code wanted} in every property this endpoint
   * writes, both as Notion holds them, so a value Notion stores otherwise than given (text it
   * splits, a checkbox left empty) compares as stored. A new page gets its data source's default
   * status, so a create that sets none does not compare its status.
   */
  private boolean holds(CanonicalRecord held, CanonicalRecord wanted, boolean created) {
    DataSource ds = source();
    CanonicalRecord have = represent(held);
    CanonicalRecord want = represent(wanted);
    for (Map.Entry<String, String> e : settings.properties().entrySet()) {
      Property p = ds.properties().get(e.getValue());
      if (p == null || PropertyCodec.READ_ONLY.contains(p.type())) {
        continue;
      }
      if (created && p.type().equals("status") && want.get(e.getKey()).isNull()) {
        continue;
      }
      if (!CanonicalRecord.sameValue(have.get(e.getKey()), want.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    client.close();
  }
}
